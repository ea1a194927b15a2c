package plainfile

import "syscall"

const mapFlags = syscall.MAP_POPULATE
