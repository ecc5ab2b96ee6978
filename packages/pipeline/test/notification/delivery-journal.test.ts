import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryJournal, JOURNAL_FILE } from '../../src/index.js';

describe('DeliveryJournal', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ceilo-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts attempts written before processing and forgets acknowledged messages', async () => {
    const journal = await DeliveryJournal.open(dir);
    expect(journal.persistent).toBe(true);
    await journal.begin([{ id: 'a', eventType: 'x.y', publisherId: 'p', size: 10 }, { id: 'b' }]);
    await journal.begin([{ id: 'a' }]);
    expect(journal.get('a')).toMatchObject({ attempts: 2, eventType: 'x.y', publisherId: 'p', size: 10 });
    await journal.finish('b');
    expect(journal.get('b')).toBeUndefined();
    await journal.close();
  });

  it('has every begun attempt on disk once begin() resolves (what a SIGKILLed process leaves behind)', async () => {
    const first = await DeliveryJournal.open(dir);
    await first.begin([{ id: 'poison', eventType: 'magnum.bay.metrics.update' }]);
    await first.begin([{ id: 'poison' }, { id: 'good' }]);
    await first.finish('good');
    // the process dies here, without close(): a new one reads what is on disk
    const after = mkdtempSync(join(tmpdir(), 'ceilo-journal-after-'));
    try {
      writeFileSync(join(after, JOURNAL_FILE), readFileSync(join(dir, JOURNAL_FILE)));
      writeFileSync(join(after, `${JOURNAL_FILE}.lock`), '999999999\n'); // the dead process's lock
      const reopened = await DeliveryJournal.open(after);
      expect(reopened.persistent).toBe(true);
      expect(reopened.get('poison')).toMatchObject({ attempts: 2, eventType: 'magnum.bay.metrics.update' });
      expect(reopened.get('good')).toBeUndefined();
      await reopened.close();
    } finally {
      rmSync(after, { recursive: true, force: true });
      await first.close();
    }
  });

  it('ignores a torn last line', async () => {
    writeFileSync(join(dir, JOURNAL_FILE), `${JSON.stringify({ id: 'a', attempts: 3, at: Date.now() })}\n{"id":"b","att`);
    const journal = await DeliveryJournal.open(dir);
    expect(journal.get('a')?.attempts).toBe(3);
    expect(journal.size).toBe(1);
    await journal.close();
  });

  it('takes back an excused attempt and remembers poison', async () => {
    const journal = await DeliveryJournal.open(dir);
    await journal.begin([{ id: 'a' }]);
    await journal.begin([{ id: 'a' }]);
    await journal.excuse('a');
    expect(journal.get('a')?.attempts).toBe(1);
    await journal.excuse('a');
    expect(journal.get('a')).toBeUndefined();
    await journal.begin([{ id: 'p' }]);
    await journal.markPoison('p', 'too big');
    await journal.close();
    const again = await DeliveryJournal.open(dir);
    expect(again.get('p')).toMatchObject({ attempts: 1, poison: 'too big' });
    await again.close();
  });

  it('compacts the file and drops entries older than a day', async () => {
    const old = Date.now() - 2 * 24 * 3600 * 1000;
    writeFileSync(join(dir, JOURNAL_FILE), [
      JSON.stringify({ id: 'old', attempts: 1, at: old }), JSON.stringify({ id: 'a', attempts: 1, at: Date.now() }), JSON.stringify({ id: 'a', del: 1 }), JSON.stringify({ id: 'b', attempts: 2, at: Date.now() }), '',
    ].join('\n'));
    const journal = await DeliveryJournal.open(dir);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['b']);
    for (let i = 0; i < 1200; i++) {
      await journal.begin([{ id: `m${i}` }]);
      await journal.finish(`m${i}`);
    }
    await journal.begin([{ id: 'last' }]);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').length).toBeLessThan(1300);
    await journal.close();
    const again = await DeliveryJournal.open(dir);
    expect([again.get('b')?.attempts, again.get('last')?.attempts, again.size]).toEqual([2, 1, 2]);
    await again.close();
  });

  it('refuses a directory another live process holds, and falls back to memory', async () => {
    writeFileSync(join(dir, `${JOURNAL_FILE}.lock`), `${process.ppid}\n`);
    const journal = await DeliveryJournal.open(dir);
    expect(journal.persistent).toBe(false);
    await journal.begin([{ id: 'a' }]);
    expect(journal.get('a')?.attempts).toBe(1);
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
    await journal.close();
  });

  it('falls back to memory when the directory cannot be created', async () => {
    writeFileSync(join(dir, 'file'), '');
    const journal = await DeliveryJournal.open(join(dir, 'file', 'sub'));
    expect(journal.persistent).toBe(false);
    await journal.close();
  });
});

