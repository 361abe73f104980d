"""A throwaway PostgreSQL cluster for the office tests: TLS on loopback, SCRAM, one per session.

initdb refuses to run as root, so as root the cluster belongs to the unprivileged `nobody`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from safehaven.storage.postgres.tls import make_office_tls

PG_BINDIRS = (Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin"))
SUPERUSER = "postgres"
WEAK_AUTH_LOGIN = "weak_auth_probe"  # pg_hba.conf signs this one in without SCRAM


def _installed() -> list[Path]:
    """Debian's /usr/lib/postgresql/<major>/bin, newest first, majors 15 and later."""
    found = []
    for folder in Path("/usr/lib/postgresql").glob("*/bin"):
        if folder.parent.name.isdigit() and int(folder.parent.name) >= 15:
            found.append(folder)
    return sorted(found, key=lambda f: -int(f.parent.name))


def find_bindir() -> Path | None:
    override = os.environ.get("SAFEHAVEN_PG_BINDIR")  # a laptop's own PostgreSQL, or none
    if override is not None:
        folder = Path(override)
        return folder if (folder / "initdb").exists() and (folder / "pg_ctl").exists() else None
    for candidate in (*_installed(), *PG_BINDIRS):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    ca_cert: Path
    other_ca_cert: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def superuser_dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def _as_owner(self, args: list[str]) -> list[str]:
        return ["runuser", "-u", "nobody", "--", *args] if os.geteuid() == 0 else args

    def _run(self, args: list[str]) -> None:
        subprocess.run(self._as_owner(args), check=True, capture_output=True, timeout=120)

    def start(self, attempts: int = 40) -> None:
        """Start; after a crash the old backends need a moment to notice and exit first."""
        for _ in range(attempts - 1):
            try:
                self._start()
                return
            except subprocess.CalledProcessError:
                time.sleep(0.25)
        self._start()

    def _start(self) -> None:
        self._run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.data / "server.log"),
                "-w",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "stop"])

    def kill(self) -> None:
        """SIGKILL the postmaster (a crash: nothing is flushed on the way out)."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, 9)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.waitpid(pid, 0)

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="sh-office-pg-"))
    root.chmod(0o755)
    tls = make_office_tls(root / "tls", ["localhost", "127.0.0.1"])
    other = make_office_tls(root / "other-tls", ["localhost", "127.0.0.1"])
    server = PgServer(bindir, root, _free_port(), tls.ca_cert, other.ca_cert)
    server.socket_dir.mkdir()
    for path in (server.data, server.socket_dir):
        path.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(path, "nobody", "nogroup")
    server._run(
        [
            str(bindir / "initdb"),
            "-D",
            str(server.data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=reject",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    for name in ("server.crt", "server.key"):
        target = server.data / name
        shutil.copy(tls.folder / name, target)
        target.chmod(0o600)
        if os.geteuid() == 0:
            shutil.chown(target, "nobody", "nogroup")
    with (server.data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {server.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{server.socket_dir}'\n"
            "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
            "ssl_min_protocol_version = 'TLSv1.3'\nmax_connections = 60\n"
            "shared_buffers = 32MB\n"
            # a throwaway cluster: a crash of the server process loses nothing without fsync
            "fsync = off\n"
        )
    (server.data / "pg_hba.conf").write_text(
        f"local all {SUPERUSER} trust\n"
        # one login of a badly set-up server: plain password over TLS, no SCRAM
        f"hostssl all {WEAK_AUTH_LOGIN} 127.0.0.1/32 password\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "hostnossl all all 0.0.0.0/0 reject\n"
        "host all all ::1/128 reject\n"
    )
    server.start()
    return server
