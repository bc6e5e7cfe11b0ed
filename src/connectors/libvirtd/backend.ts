// libvirtd itself (LIBVIRTD), reached with virsh over a libvirt URI, as a backend of the gateway; real servers
// only, so it has no lab simulator (its tests run against a real libvirtd with QEMU domains).
import { z } from 'zod';
import { defineBackend } from '../backend.js';
import { NO_CREDENTIALS, type OptionsSpec } from '../credentials.js';
import { createLibvirtdConnector } from './connector.js';
import { libvirtdSettings, type LibvirtdSettings } from './settings.js';

const LIBVIRTD_SETTINGS: OptionsSpec<LibvirtdSettings> = {
  schema: libvirtdSettings,
  needs: 'LIBVIRTD settings may give cloneBytesPerSecond (a positive integer) and clonePool (a storage pool name)',
};

export const libvirtd = defineBackend({
  kind: 'LIBVIRTD',
  description: 'libvirtd itself (qemu:///system, qemu+ssh://…), through virsh: domains, their disks and snapshot trees.',
  // ssh keys and TLS material are libvirt's own (the URI's keyfile=, pkipath=): nothing for the gateway to hold.
  credentials: NO_CREDENTIALS,
  settings: LIBVIRTD_SETTINGS,
  address: {
    schema: z.string().regex(/^[a-z][a-z0-9+]*:\/\/[^\s]*$/, 'must be a libvirt URI, e.g. qemu:///system or qemu+ssh://user@host/system'),
    needs: 'a libvirt URI',
  },
  create: createLibvirtdConnector,
});
