#!/bin/sh
# docker-core sandbox: services are not started while packages are installed in a container (invoke-rc.d).
exit 101
