#!/usr/bin/python3
"""Clones one row of a service's sqlite DB COUNT times (bulk seeding for benchmarks).

    sqlite-clone-rows.py DB TABLE TEMPLATE_ID COUNT NAME_PREFIX [CHILD_TABLE:FK_COLUMN ...]

Each clone gets a new uuid4 `id`, `name` NAME_PREFIX-<n> (when the table has a name column) and
copies of the template's rows in each CHILD_TABLE (matched on FK_COLUMN; an integer `id` there is
left to sqlite, a text one gets a new uuid4). Prints the new ids, one a line. Used after one object
was made through the API, so every column holds what the service itself writes: 1,000 Glance images
or Cinder volumes through the APIs take minutes on this machine, cloning them well under a second.
"""
import sqlite3
import sys
import uuid


def columns(db, table):
    return [(r[1], (r[2] or "").upper()) for r in db.execute("PRAGMA table_info(%s)" % table)]


def main():
    path, table, template, count, prefix = sys.argv[1:6]
    children = [c.split(":", 1) for c in sys.argv[6:]]
    db = sqlite3.connect(path, timeout=30)
    db.row_factory = sqlite3.Row
    cols = columns(db, table)
    names = [c for c, _ in cols]
    row = db.execute("SELECT * FROM %s WHERE id = ?" % table, (template,)).fetchone()
    if row is None:
        sys.exit("no %s row %s" % (table, template))
    child_rows = {t: db.execute("SELECT * FROM %s WHERE %s = ?" % (t, fk), (template,)).fetchall() for t, fk in children}
    child_cols = {t: columns(db, t) for t, _ in children}
    out = []
    for n in range(int(count)):
        new_id = str(uuid.uuid4())
        values = dict(row)
        values["id"] = new_id
        if "name" in names:
            values["name"] = "%s-%d" % (prefix, n)
        db.execute("INSERT INTO %s (%s) VALUES (%s)" % (table, ",".join(names), ",".join("?" * len(names))),
                   [values[c] for c in names])
        for t, fk in children:
            for child in child_rows[t]:
                cv = dict(child)
                cv[fk] = new_id
                keep = [c for c, typ in child_cols[t] if not (c == "id" and "INT" in typ)]
                if "id" in keep:
                    cv["id"] = str(uuid.uuid4())
                db.execute("INSERT INTO %s (%s) VALUES (%s)" % (t, ",".join(keep), ",".join("?" * len(keep))),
                           [cv[c] for c in keep])
        out.append(new_id)
    db.commit()
    print("\n".join(out))


if __name__ == "__main__":
    main()
