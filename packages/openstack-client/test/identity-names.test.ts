import { afterEach, describe, expect, it } from 'vitest';
import { makeSample } from '@ceilometer-ts/sdk';
import { IdentityNameResolver, KeystoneApi, sharedOpenStackSession } from '../src/index.js';
import { netObjContext, startFakeNetObj, type FakeNetObj } from './fake-netobj.js';

describe('IdentityNameResolver', () => {
  let fake: FakeNetObj | undefined;
  afterEach(async () => {
    await fake?.cloud.close();
    fake = undefined;
  });

  async function setup(options: ConstructorParameters<typeof IdentityNameResolver>[2] = {}) {
    fake = await startFakeNetObj();
    fake.state.projects = [{ id: 'p1', name: 'demo' }, { id: 'p2', name: 'admin' }, { id: 'p3', name: 'alt' }];
    fake.state.users = [{ id: 'u1', name: 'alice' }];
    const ctx = netObjContext(fake.cloud);
    const resolver = new IdentityNameResolver(new KeystoneApi(sharedOpenStackSession(ctx)!), ctx.logger, options);
    const calls = () => fake!.cloud.requests.filter((r) => /^\/v3\/(projects|users)\//.test(r.path)).map((r) => r.path);
    return { ctx, resolver, calls };
  }

  it('annotates samples with project and user names, one Keystone call per id', async () => {
    const { resolver, calls } = await setup();
    const s = (project: string | null, user: string | null) => makeSample({ name: 'm', type: 'gauge', unit: 'u', volume: 1, resource_id: 'r', project_id: project, user_id: user });
    const out = await resolver.annotate([s('p1', 'u1'), s('p1', 'u1'), s('missing', null), s(null, null)]);
    expect(out.map((x) => [x.project_name, x.user_name])).toEqual([['demo', 'alice'], ['demo', 'alice'], [null, null], [null, null]]);
    await resolver.annotate([s('p1', 'u1'), s('missing', null)]);
    expect(calls().sort()).toEqual(['/v3/projects/missing', '/v3/projects/p1', '/v3/users/u1']);
  });

  it('expires names after the TTL', async () => {
    let now = 0;
    const { resolver, calls } = await setup({ ttlMs: 1000, now: () => now });
    expect(await resolver.projectName('p1')).toBe('demo');
    now = 999;
    await resolver.projectName('p1');
    now = 1000;
    fake!.state.projects[0] = { id: 'p1', name: 'renamed' };
    expect(await resolver.projectName('p1')).toBe('renamed');
    expect(calls()).toEqual(['/v3/projects/p1', '/v3/projects/p1']);
  });

  it('keeps at most maxEntries ids, the oldest evicted first', async () => {
    const { resolver, calls } = await setup({ maxEntries: 2 });
    for (const id of ['p1', 'p2', 'p3', 'p3', 'p1']) await resolver.projectName(id);
    expect(resolver.size('projects')).toBe(2);
    expect(calls()).toEqual(['/v3/projects/p1', '/v3/projects/p2', '/v3/projects/p3', '/v3/projects/p1']);
  });
});
