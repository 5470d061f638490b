import { beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: [] })), on: vi.fn(), removeListener: vi.fn() },
}));
electron.contextBridge.exposeInMainWorld.mockImplementation((key: string, api: unknown) => {
  electron.exposed.set(key, api);
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

import type { Bridge } from '../../../shared/contract';

let bridge: Bridge;

beforeAll(async () => {
  await import('../../../electron/preload');
  bridge = electron.exposed.get('authdesk') as Bridge;
});

describe('preload bridge', () => {
  it('exposes only window.authdesk with exactly invoke and on, frozen', () => {
    expect([...electron.exposed.keys()]).toEqual(['authdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer);
  });

  it('invokes a contract channel on its namespaced IPC channel', async () => {
    await expect(bridge.invoke('profiles.list', {})).resolves.toEqual({ ok: true, value: [] });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('authdesk:profiles.list', {});
  });

  it.each(['shell.openExternal', 'authdesk:profiles.list', '__proto__', 'toString', ''])(
    'rejects the unknown channel %j without touching ipcRenderer',
    async (channel) => {
      electron.ipcRenderer.invoke.mockClear();
      await expect(bridge.invoke(channel as 'profiles.list', {})).rejects.toThrow(/Unknown Authdesk channel/);
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('subscribes to contract events, passes only the payload, and unsubscribes', () => {
    const listener = vi.fn();
    const off = bridge.on('export.progress', listener);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] ?? [];
    expect(channel).toBe('authdesk:export.progress');
    const ipcEvent = { sender: electron.ipcRenderer };
    forward(ipcEvent, { written: 1, total: 2 });
    expect(listener).toHaveBeenCalledWith({ written: 1, total: 2 });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('authdesk:export.progress', forward);
  });

  it('refuses to subscribe to unknown events', () => {
    electron.ipcRenderer.on.mockClear();
    expect(() => bridge.on('ipc.anything' as 'export.progress', vi.fn())).toThrow(/Unknown Authdesk event/);
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
