# Sourced by the setup scripts: `apt_install NAME PACKAGE...` installs Debian packages as root (or through sudo),
# with a message naming what needs root when neither is available.
apt_install() {
  local name=$1
  shift
  local sudo=''
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo='sudo'; else
      echo "$name: need root (or sudo) to apt-get install $*" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y "$@"
}
