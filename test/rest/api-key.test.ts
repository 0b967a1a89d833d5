// `flextime api-key`: the printed FLEXTIME_API_KEYS entry authenticates the printed key, bound to its conference.
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../bin/commands/api-key.ts';
import { authenticate, parseApiKeys } from '../../gateway/rest/auth.ts';

describe('flextime api-key', () => {
  it('prints a fresh key and the hashed entry that accepts it', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await run(['--conference', '3'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const key = lines[0].split(': ').pop() as string;
    const entry = lines[1].split(': ').pop() as string;
    expect(entry).not.toContain(key);
    const principal = await authenticate({ 'x-api-key': key }, { apiKeys: parseApiKeys(entry), jwt: null });
    expect(principal.conferenceId).toBe(3);
  });

  it('--role binds the key to a role; an operator key must be admin', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await run(['--conference', '3', '--role', 'viewer'])).toBe(0);
      await expect(run(['--conference', '*', '--role', 'scheduler'])).rejects.toThrow(/only admin/);
      await expect(run(['--conference', '3', '--role', 'owner'])).rejects.toThrow(/viewer, scheduler or admin/);
    } finally {
      spy.mockRestore();
    }
    const key = lines[0].split(': ').pop() as string;
    const entry = lines[1].split(': ').pop() as string;
    expect(entry).toMatch(/:3:viewer$/);
    const principal = await authenticate({ 'x-api-key': key }, { apiKeys: parseApiKeys(entry), jwt: null });
    expect(principal).toMatchObject({ conferenceId: 3, roles: ['viewer'] });
  });

  it('refuses bad arguments with one clear message', async () => {
    await expect(run(['--conference', 'big12'])).rejects.toThrow(/conference/);
    await expect(run([])).rejects.toThrow(/usage/);
    await expect(run(['--conference', '1', '--key', 'short'])).rejects.toThrow(/16 characters/);
    await expect(run(['--frobnicate'])).rejects.toThrow(/unknown argument/);
  });
});
