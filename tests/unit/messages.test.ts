import { describe, expect, it } from 'vitest';
import { MAX_BIO_CHARS, MAX_HANDLES_PER_REQUEST, parseRequest, sendRequest } from '@/lib/messages';

describe('message protocol', () => {
  it('accepts the requests it knows', () => {
    expect(parseRequest({ type: 'resolve', handles: ['x:a'] })).toEqual({ request: { type: 'resolve', handles: ['x:a'] } });
    expect(parseRequest({ type: 'status', extra: 1 })).toEqual({ request: { type: 'status' } });
  });

  it('truncates an oversized bio instead of passing it on', () => {
    const parsed = parseRequest({ type: 'resolve', handles: [], profile: { handle: 'x:a', bio: 'b'.repeat(10_000) } });
    expect('request' in parsed && parsed.request.type === 'resolve' && parsed.request.profile?.bio.length).toBe(MAX_BIO_CHARS);
  });

  it.each([
    [null, /object/],
    ['resolve', /object/],
    [{ type: 'unlock' }, /Unknown request type: unlock/],
    [{ type: 'resolve' }, /handles/],
    [{ type: 'resolve', handles: [1] }, /handles/],
    [{ type: 'resolve', handles: Array(MAX_HANDLES_PER_REQUEST + 1).fill('x:a') }, /handles/],
    [{ type: 'resolve', handles: [], profile: { handle: 'x:a' } }, /profile/],
    [{ type: 'setConfig' }, /config/],
  ])('refuses %j with a reason', (message, reason) => {
    const parsed = parseRequest(message);
    expect('error' in parsed && parsed.error).toMatch(reason);
  });

  it('turns a transport failure into an error value', async () => {
    const result = await sendRequest(() => Promise.reject(new Error('Extension context invalidated.')), { type: 'status' });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Extension context invalidated.') });
    expect(await sendRequest(async () => undefined, { type: 'status' })).toEqual({ ok: false, error: expect.stringContaining('did not answer') });
  });
});
