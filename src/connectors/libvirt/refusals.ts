// What the VM Snapshot API (libgo ebe201a over libvirt) always refuses, said before anything is sent. Each rule was
// seen on the real server: it answers a generic 500 for all of them, and its log names libvirt's reason.
import type { CreateSnapshotRequest, Refusal } from '../connector.js';

/** libgo writes the name and description into libvirt's XML unescaped: these break the XML (libvirt: "EntityRef"). */
const XML_BREAKERS = /[&<]/;

export function refuseCreate(request: CreateSnapshotRequest): Refusal | null {
  // libvirt: "invalid snapshot name 'x/y': name can't contain '/'".
  if (request.name.includes('/')) return { field: 'name', message: "libvirt snapshot names cannot contain '/'" };
  if (XML_BREAKERS.test(request.name)) {
    return { field: 'name', message: "this backend cannot take '&' or '<' in a snapshot name (its server puts the name into libvirt's XML unescaped)" };
  }
  if (request.description !== null && XML_BREAKERS.test(request.description)) {
    return {
      field: 'description',
      message: "this backend cannot take '&' or '<' in a description (its server puts it into libvirt's XML unescaped); '>' and quotes are kept",
    };
  }
  return null;
}

/** Why a create failed when the server answered its generic 500 and the gateway found no other cause. */
export const CREATE_FAILED_WITHOUT_REASON =
  "the server failed the create without a reason (HTTP 500 'An internal server error occurred'); libvirt refuses a " +
  'snapshot when a disk is not qcow2 (raw, shared or read-only disks), when another job holds the VM, or when the host ' +
  "has no space left; the VM Snapshot API's log names libvirt's reason";

export const REVERT_FAILED_WITHOUT_REASON =
  "the server failed the revert without a reason (HTTP 500 'An internal server error occurred'); libvirt refuses to " +
  'revert to an external (disk-only) snapshot, or when another job holds the VM; the VM Snapshot API\'s log names libvirt\'s reason';

export const DELETE_FAILED_WITHOUT_REASON =
  "the server failed the delete without a reason (HTTP 500 'An internal server error occurred'); libvirt refuses to " +
  "delete an external (disk-only) snapshot, or when another job holds the VM; the VM Snapshot API's log names libvirt's reason";
