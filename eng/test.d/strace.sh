# Sourced by eng/test.sh: strace shows that an --output file's directory is flushed after its rename (DirectorySyncTests).
need_apt strace strace
