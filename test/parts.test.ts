// readParts (src/connectors/parts.ts): a read made of parts answers whole, in part (PartialFailure naming each
// failed part, and the keys it held), or, when every part failed alike, with that one failure.
import { describe, expect, it } from 'vitest';
import { BackendFailure, PartialFailure, type BackendErrorCode } from '../src/connectors/errors.js';
import { readParts, type Part } from '../src/connectors/parts.js';

const answers = (name: string, records: string[], keys?: string[]): Part<string> => ({ name, read: async () => records, keys });
const fails = (name: string, message: string, code: BackendErrorCode = 'SERVER_ERROR', keys?: string[]): Part<string> => ({
  name,
  read: async () => {
    throw new BackendFailure('b', message, code, { httpStatus: code === 'SERVER_ERROR' ? 500 : null });
  },
  keys,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('readParts', () => {
  it('every part answering: their records in part order', async () => {
    expect(await readParts('b', [answers('p1', ['a', 'b']), answers('p2', ['c'])])).toEqual(['a', 'b', 'c']);
  });

  it('one part failing: a PartialFailure with the others’ records and the failure named after its part', async () => {
    const error = await rejection(readParts('b', [answers('cluster A', ['a']), fails('cluster B', 'in maintenance')]));
    if (!(error instanceof PartialFailure)) throw new Error(`expected a PartialFailure, got ${String(error)}`);
    expect(error.backend).toBe('b');
    expect(error.records).toEqual(['a']);
    expect(error.failures.map((f) => [f.backend, f.message, f.code, f.httpStatus])).toEqual([['b', 'cluster B: in maintenance', 'SERVER_ERROR', 500]]);
    expect(error.failedKeys).toBeNull();
    expect(error.message).toBe('cluster B: in maintenance');
  });

  it('parts holding keys: the failure stands for each key of its part', async () => {
    const error = await rejection(
      readParts('b', [answers('A', ['a'], ['k1']), fails('B', 'down', 'SERVER_ERROR', ['k2', 'k3']), fails('C', 'other', 'TIMEOUT', ['k4'])]),
    );
    if (!(error instanceof PartialFailure)) throw new Error(`expected a PartialFailure, got ${String(error)}`);
    expect([...(error.failedKeys ?? new Map())].map(([key, f]) => [key, f.message])).toEqual([
      ['k2', 'B: down'],
      ['k3', 'B: down'],
      ['k4', 'C: other'],
    ]);
  });

  it('every part failing alike: that one failure, as the backend’s', async () => {
    const error = await rejection(readParts('b', [fails('A', 'unreachable', 'UNREACHABLE'), fails('B', 'unreachable', 'UNREACHABLE')]));
    expect(error).toBeInstanceOf(BackendFailure);
    expect(error).toMatchObject({ message: 'unreachable', code: 'UNREACHABLE' });
  });

  it('every part failing differently: a PartialFailure with no records', async () => {
    const error = await rejection(readParts('b', [fails('A', 'x'), fails('B', 'y')]));
    if (!(error instanceof PartialFailure)) throw new Error(`expected a PartialFailure, got ${String(error)}`);
    expect(error.records).toEqual([]);
    expect(error.failures.map((f) => f.message)).toEqual(['A: x', 'B: y']);
  });

  it('anything but a BackendFailure is a bug and is thrown as it is', async () => {
    const bug = new TypeError('undefined is not a function');
    const error = await rejection(readParts('b', [answers('A', ['a']), { name: 'B', read: () => Promise.reject(bug) }]));
    expect(error).toBe(bug);
  });
});
