#!/usr/bin/env bash
# Sets up the real "VM Snapshot API" server (libgo's own handlers over libvirtd + QEMU) that test/libgo.real.test.ts
# runs against: ../shared/real-backends/libgo/setup.sh, as root (apt, daemons). Idempotent; a first run takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP="${LIBGO_SETUP:-../shared/real-backends/libgo/setup.sh}"
if [ "$(id -u)" != 0 ]; then echo "libgo.sh: run as root (it installs packages and starts libvirtd)" >&2; exit 1; fi
if [ ! -f "$SETUP" ]; then echo "libgo.sh: no $SETUP (set LIBGO_SETUP)" >&2; exit 1; fi
# /dev/kvm comes root-only in these containers, so QEMU (user libvirt-qemu, group kvm) cannot open it: let group kvm in.
# setup.sh picks TCG itself where there is no /dev/kvm at all.
if [ -e /dev/kvm ] && getent group kvm >/dev/null; then chgrp kvm /dev/kvm && chmod 0660 /dev/kvm; fi
# The group kvm only exists once libvirt's packages are in: a first run makes it, then sets the device for it.
if [ -e /dev/kvm ] && ! getent group kvm >/dev/null; then
  bash "$SETUP" || true
  chgrp kvm /dev/kvm && chmod 0660 /dev/kvm
fi
bash "$SETUP"
