// Turns global ids back into records: the one place that knows which loader serves which node type.
import { GraphQLError } from 'graphql';
import type { OperationRecord } from '../domain/operation.js';
import { seesOperation, type Context } from './context.js';
import { decodeId, type DecodedId, type NodeType } from './ids.js';
import { backendShape, type BackendShape, type NodeShape } from './refs.js';

export const badInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Decodes an id that must be of one of `types`; anything else is the client's error. */
export function decodeArg(id: string, types: readonly NodeType[], argument: string): DecodedId {
  const decoded = decodeId(id);
  if (!decoded) throw badInput(`${argument}: '${id}' is not an id of this gateway`);
  if (!types.includes(decoded.type)) throw badInput(`${argument}: expected the id of a ${types.join(' or ')}, got a ${decoded.type}`);
  return decoded;
}

/** Backend names from a filter's backendIds; null when the filter names none. */
export function backendNames(ids: readonly string[] | null | undefined, argument: string): Set<string> | null {
  if (!ids) return null;
  return new Set(ids.map((id) => decodeArg(id, ['Backend'], argument).backend));
}

/** The node an id names, or null where there is none (or its backend is unknown). */
export async function loadNode(ctx: Context, id: DecodedId): Promise<NodeShape | null> {
  const ref = { backend: id.backend, key: id.key };
  switch (id.type) {
    case 'Backend': {
      const connector = ctx.backends.get(id.backend);
      return connector ? backendShape(connector) : null;
    }
    case 'VM':
      return ctx.loaders.vm.load(ref);
    case 'Drive':
      return ctx.loaders.drive.load(ref);
    case 'Snapshot':
      return ctx.loaders.snapshot.load(ref);
    case 'SnapshotSchedule':
      return ctx.loaders.schedule.load(ref);
    case 'Operation':
      return loadOperation(ctx, id.key);
  }
}

/** The operation with this id, or null when there is none or the caller may not see it. */
export async function loadOperation(ctx: Context, id: string): Promise<OperationRecord | null> {
  const op = await ctx.gateway.engine.get(id);
  return op && seesOperation(ctx, op) ? op : null;
}

/** The Backend a record came from (records only come from configured backends). */
export function backendOf(ctx: Context, record: { backend: string }): BackendShape {
  const connector = ctx.backends.get(record.backend);
  if (!connector) throw new Error(`record of unknown backend '${record.backend}'`);
  return backendShape(connector);
}

/** Case-insensitive substring match; an absent needle matches everything. */
export const nameMatches = (name: string, needle: string | null | undefined): boolean =>
  !needle || name.toLowerCase().includes(needle.toLowerCase());

/** The VM a record points at by key, on the record's own backend. */
export const vmAt = (ctx: Context, record: { backend: string; vmKey: string | null }) =>
  record.vmKey === null ? null : ctx.loaders.vm.load({ backend: record.backend, key: record.vmKey });

/** The drive a record points at by key, on the record's own backend. */
export const driveAt = (ctx: Context, record: { backend: string; driveKey: string | null }) =>
  record.driveKey === null ? null : ctx.loaders.drive.load({ backend: record.backend, key: record.driveKey });
