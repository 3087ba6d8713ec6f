# Sourced by eng/test.sh: the hook tests (ShellPlaceholderProgramTests) run programs a hook may wrap its command in,
# to show where a version would run: kubectl (its exec credential plugin) and GNU parallel. runuser (util-linux) and
# the docker client are on the machine already.
need_apt kubectl kubernetes-client
need_apt parallel parallel
# moreutils ships a /usr/bin/parallel of its own (another program); Debian's GNU parallel diverts it when installed.
if ! parallel --version 2>/dev/null | grep -q "GNU parallel"; then
  if [ "$(id -u)" = 0 ]; then
    log "installing GNU parallel (/usr/bin/parallel is moreutils')"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends parallel >/dev/null 2>&1 || log "could not install parallel"
  else
    log "/usr/bin/parallel is not GNU parallel and not root: install Debian's parallel by hand"
  fi
fi
