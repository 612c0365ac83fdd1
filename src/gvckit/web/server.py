"""Run the web app with uvicorn: ``gvckit serve`` (see :func:`serve`)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from gvckit.errors import GvckitError, OptionError

__all__ = ["serve", "default_cache_dir", "LOCAL_HOSTS"]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_cache_dir() -> Path:
    """``$GVCKIT_WEB_CACHE``, else ``$XDG_CACHE_HOME/gvckit/web`` (``~/.cache/gvckit/web``)."""
    env = os.environ.get("GVCKIT_WEB_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gvckit" / "web"


def serve(host: str = "127.0.0.1", port: int = 8765, *, cache_dir: str | os.PathLike | None = None,
          max_upload_mb: float = 50.0, scheduler: str | None = None, workers: int = 2,
          quiet: bool = False, lang: str = "en") -> None:
    """Start the app and block until interrupted (Ctrl-C).

    Binding beyond localhost happens only when ``host`` says so, with a warning on stderr: the
    app has no login, so anyone who can reach the port can use it and upload files.
    """
    from gvckit.messages import tr
    from gvckit.web import missing_extra

    missing = missing_extra()
    if missing:
        raise GvckitError(tr("web_missing_extra", lang, modules=", ".join(missing)))
    if not 0 < int(port) < 65536:
        raise OptionError(f"bad port {port}; give a number from 1 to 65535")
    if max_upload_mb <= 0:
        raise OptionError(f"bad --max-upload-mb {max_upload_mb}; give a positive number")
    import uvicorn

    from gvckit.web.app import Settings, create_app

    t0 = time.perf_counter()
    app = create_app(Settings(cache_dir=Path(cache_dir) if cache_dir else default_cache_dir(),
                              max_upload_mb=max_upload_mb, scheduler=scheduler, workers=workers))
    if host not in LOCAL_HOSTS:
        print(tr("web_public_warning", lang, host=host), file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    config = uvicorn.Config(app, host=host, port=int(port), log_level="warning", access_log=False,
                            lifespan="on")
    server = uvicorn.Server(config)

    async def _announce() -> None:  # once the socket listens: the address and the start-up time
        while not server.started:
            import asyncio

            await asyncio.sleep(0.02)
        if not quiet:
            print(tr("web_listening", lang, url=f"http://{shown}:{port}/",
                     seconds=f"{time.perf_counter() - t0:.2f}"), flush=True)

    import asyncio

    async def _main() -> None:
        task = asyncio.ensure_future(_announce())
        await server.serve()
        task.cancel()

    try:
        asyncio.run(_main())
    except KeyboardInterrupt:
        pass
