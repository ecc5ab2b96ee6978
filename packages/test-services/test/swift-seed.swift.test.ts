import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStackServiceUnavailable, startSwift, type SwiftService } from '../src/index.js';

// scripts/services/start-swift.sh + the seed helper: what the storage.* pollsters read
// (HEAD and GET ?format=json of each project's account, as the ResellerAdmin ceilometer user).
const unavailable = openStackServiceUnavailable('swift');

describe.skipIf(unavailable !== undefined)('startSwift (real Swift 2.30)', () => {
  let swift: SwiftService;
  beforeAll(async () => {
    swift = await startSwift();
  }, 180_000);
  afterAll(async () => {
    await swift?.stop();
  });

  it('creates containers whose counts the ceilometer user reads in the admin account', async () => {
    const containers = await swift.createContainers(3, { objectsPerContainer: 2, objectBytes: 5 });
    expect(containers.map((c) => [c.objects, c.bytes])).toEqual([[2, 10], [2, 10], [2, 10]]);
    const { token } = await swift.keystone.token('ceilometer', swift.keystone.servicePassword, 'service');
    const account = await swift.adminAccountUrl();
    const head = await fetch(account, { method: 'HEAD', headers: { 'x-auth-token': token } });
    expect(head.status).toBe(204);
    expect(Number(head.headers.get('x-account-container-count'))).toBeGreaterThanOrEqual(3);
    expect(Number(head.headers.get('x-account-object-count'))).toBeGreaterThanOrEqual(6);
    const listed = (await (await fetch(`${account}?format=json`, { headers: { 'x-auth-token': token } })).json()) as { name: string; count: number; bytes: number }[];
    for (const c of containers) expect(listed.find((l) => l.name === c.name)).toMatchObject({ count: 2, bytes: 10 });
  });
});
