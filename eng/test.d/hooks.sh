# Sourced by eng/test.sh: the hook tests (ShellPlaceholderProgramTests) run programs a hook may wrap its command in,
# to show where a version would run: kubectl (its exec credential plugin) and GNU parallel. runuser (util-linux) and
# the docker client are on the machine already.
need_apt kubectl kubernetes-client
need_apt parallel parallel
