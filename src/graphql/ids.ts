// Global ids: the type, the backend's configured name and the backend's own key, base64url-encoded.
// Opaque to clients and stable across restarts, since all three parts are.

export const NODE_TYPES = ['Backend', 'VM', 'Drive', 'Snapshot', 'SnapshotSchedule', 'Operation'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export interface DecodedId {
  type: NodeType;
  backend: string;
  key: string;
}

const isNodeType = (value: string): value is NodeType => (NODE_TYPES as readonly string[]).includes(value);

export function encodeId(type: NodeType, backend: string, key: string): string {
  return Buffer.from(`${type}:${backend.length}:${backend}${key}`, 'utf8').toString('base64url');
}

/** The parts of a global id, or null when it is not one this gateway made. */
export function decodeId(id: string): DecodedId | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(\d{1,4}):/.exec(text);
  if (!match?.[1] || !match[2] || !isNodeType(match[1])) return null;
  const start = match[0].length;
  const length = Number(match[2]);
  if (text.length < start + length) return null;
  const backend = text.slice(start, start + length);
  const key = text.slice(start + length);
  if (backend === '' || encodeId(match[1], backend, key) !== id) return null;
  return { type: match[1], backend, key };
}
