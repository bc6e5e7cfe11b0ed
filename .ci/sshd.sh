#!/usr/bin/env bash
# An ssh server of the tests' own on 127.0.0.1:2222 (its own host key, config and authorized key, nothing of the
# host's changed), so test/libvirtd.remote.test.ts reaches libvirtd the way a remote gateway does: qemu+ssh://.
# Run as root; prints nothing but failures. The client key is /tmp/gw-sshd/client_ed25519.
set -euo pipefail
DIR=/tmp/gw-sshd
PORT="${GW_SSHD_PORT:-2222}"
if ! command -v sshd >/dev/null 2>&1 && [ ! -x /usr/sbin/sshd ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssh-server
fi
if (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; then exit 0; fi
mkdir -p "$DIR" /run/sshd
chmod 700 "$DIR"
[ -f "$DIR/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/host_ed25519"
[ -f "$DIR/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$DIR/client_ed25519"
cp "$DIR/client_ed25519.pub" "$DIR/authorized_keys"
# known_hosts for the client, so the tests verify the host key rather than skip the check.
echo "[127.0.0.1]:${PORT} $(cut -d' ' -f1,2 "$DIR/host_ed25519.pub")" > "$DIR/known_hosts"
cat > "$DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port ${PORT}
HostKey ${DIR}/host_ed25519
AuthorizedKeysFile ${DIR}/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile ${DIR}/sshd.pid
CONF
/usr/sbin/sshd -f "$DIR/sshd_config"
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null && exit 0
  sleep 0.1
done
echo "sshd did not answer on 127.0.0.1:${PORT}" >&2
exit 1
