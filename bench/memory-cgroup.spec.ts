import { memoryHierarchy } from './memory-cgroup';

describe(memoryHierarchy.name, () => {
  it("uses the memory controller's own group on cgroup v1 and hybrid machines", () => {
    const procSelfCgroup = ['5:devices:/', '4:memory:/process_api/abc', '1:cpu:/', '0::/'].join('\n');

    expect(memoryHierarchy(procSelfCgroup, false)).toEqual({
      version: 1,
      ownGroup: '/sys/fs/cgroup/memory/process_api/abc',
      limitFile: 'memory.limit_in_bytes',
    });
  });

  it('uses the unified group on a pure cgroup v2 machine', () => {
    expect(memoryHierarchy('0::/user.slice/session-1.scope\n', true)).toEqual({
      version: 2,
      ownGroup: '/sys/fs/cgroup/user.slice/session-1.scope',
      limitFile: 'memory.max',
    });
  });

  it('finds none when v2 is mounted beside v1 without the memory controller', () => {
    expect(memoryHierarchy('1:cpu:/\n0::/\n', false)).toBeUndefined();
  });
});
