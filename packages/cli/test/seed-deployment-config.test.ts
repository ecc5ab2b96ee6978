// The seed deployment e2e test changes nothing in the seed's files but their addresses and ports:
// checked here line by line, without services.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteSeedText, SEED_DIR, SEED_FILES, SEED_SNMP_PORTS, type SeedPorts } from './seed-deployment-helpers.js';

const ports: SeedPorts = {
  rabbit: 41001,
  keystone: 41002,
  snmp: Object.fromEntries(SEED_SNMP_PORTS.map((p, i) => [p, 42000 + i])),
};

describe('seed deployment files, rewritten for a test run', () => {
  for (const name of SEED_FILES) {
    it(`${name}: only the lines naming a seed address change, and only in that address`, () => {
      const before = readFileSync(join(SEED_DIR, name), 'utf8').split('\n');
      const after = rewriteSeedText(before.join('\n'), ports).split('\n');
      expect(after).toHaveLength(before.length);
      before.forEach((line, i) => {
        if (after[i] === line) return;
        // the changed line is the same once every address is masked
        const mask = (s: string) => s.replace(/127\.0\.0\.1:\d+/g, 'ADDR');
        expect(mask(after[i]!), `${name}:${i + 1}`).toBe(mask(line));
      });
      const rewritten = after.join('\n');
      for (const seedPort of [5672, 5000, ...SEED_SNMP_PORTS]) expect(rewritten).not.toContain(`127.0.0.1:${seedPort}`);
    });
  }

  it('ceilometer.conf keeps its passwords (an @ inside) and the memcached address', () => {
    const conf = rewriteSeedText(readFileSync(join(SEED_DIR, 'ceilometer.conf'), 'utf8'), ports);
    expect(conf).toContain('transport_url = rabbit://openstack:secret@123@127.0.0.1:41001/');
    expect(conf).toContain('messaging_urls = rabbit://openstack:secret@123@127.0.0.1:41001/');
    expect(conf).toContain('auth_url = http://127.0.0.1:41002/v3');
    expect(conf).toContain('password = secret@123');
    expect(conf).toContain('memcached_servers = 127.0.0.1:11211');
  });

  it('polling.yaml: the node polls its own SNMP agent (16100), pipeline.yaml names the other seven', () => {
    expect(rewriteSeedText(readFileSync(join(SEED_DIR, 'polling.yaml'), 'utf8'), ports)).toContain('snmp://127.0.0.1:42000');
    const pipeline = rewriteSeedText(readFileSync(join(SEED_DIR, 'pipeline.yaml'), 'utf8'), ports);
    for (let i = 1; i < 8; i++) expect(pipeline).toContain(`snmp://127.0.0.1:${42000 + i}`);
    expect(pipeline).toContain('gnocchi://?filter_project=service&archive_policy=horizon-mimic');
  });
});
