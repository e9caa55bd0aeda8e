"""``koe dashboard`` (serve the Dash app with waitress) and ``koe users add/remove`` (who may sign in)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipelines.cli.main import app
from warehouse import app_store, review_store

users_app = typer.Typer(no_args_is_help=True, help="Dashboard users (stored hashed in app.sqlite next to the warehouse).")
app.add_typer(users_app, name="users")

WAREHOUSE_OPTION = typer.Option(None, "--warehouse", help="Warehouse file (default: KOE_WAREHOUSE or warehouse/koe.duckdb).")


def waitress_options(host: str, port: int, trusted_proxy: str | None, threads: int = 8) -> dict[str, object]:
    """waitress's settings for the dashboard (docs/security.md: running behind a TLS proxy).

    Only when the TCP peer is ``trusted_proxy`` does waitress take the client's address (X-Forwarded-For) and the
    scheme (X-Forwarded-Proto) from its headers; from anyone else those headers are removed, so a client cannot pick
    the address its failed sign-ins are counted against, nor pretend the request came over HTTPS.
    """
    options: dict[str, object] = {"host": host, "port": port, "threads": threads, "ident": "koe"}
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto"},
                       clear_untrusted_proxy_headers=True)
    return options


@app.command()
def dashboard(
    port: int = typer.Option(8050, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", help="Interface to bind; 0.0.0.0 exposes it to the network."),
    warehouse_file: Path | None = WAREHOUSE_OPTION,
    trusted_proxy: str | None = typer.Option(
        None, help="Address of the TLS reverse proxy in front (e.g. 127.0.0.1) whose X-Forwarded-For and "
                   "X-Forwarded-Proto are believed; leave empty when clients connect directly."),
    threads: int = typer.Option(8, help="Worker threads of the waitress server."),
    debug: bool = typer.Option(False, help="Flask's development server with Dash debug mode (reloader, error "
                                           "pages): never in production."),
) -> None:
    """Serve the dashboard; it reads the snapshot the pipeline published (run the pipeline or `koe demo` first)."""
    from dashboards.app import create_app

    dash_app = create_app(warehouse_file)
    typer.echo(f"Koe dashboard on http://{host}:{port}/ (sign in; add users with `koe users add NAME --role manager`)")
    if debug:
        dash_app.run(host=host, port=port, debug=True)
        return
    import waitress

    waitress.serve(dash_app.server, **waitress_options(host, port, trusted_proxy, threads))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def users_add(
    name: str,
    role: str = typer.Option(..., help="manager | qa | supervisor | agent | product"),
    agent_id: str | None = typer.Option(None, help="For --role agent: the agent id whose interactions they see."),
    team: list[str] = typer.Option([], "--team", help="For --role supervisor: a team they lead (repeat for more)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    warehouse_file: Path | None = WAREHOUSE_OPTION,
) -> None:
    """Create a user, or replace their role and password."""
    from dashboards.auth import hash_password

    password = _read_password(password_stdin)
    if len(password) < 8:
        raise typer.BadParameter("use a password of at least 8 characters")
    if (role == "supervisor") != bool(team):
        raise typer.BadParameter("give --team for a supervisor (their scope), and only for a supervisor")
    try:
        app_store.save_user(app_store.app_store_path(warehouse_file),
                            app_store.User(name, role, agent_id, hash_password(password)))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    if team:
        review_store.set_supervisor_teams(app_store.app_store_path(warehouse_file), name, team)
    typer.echo(f"user {name} ({role}) saved")


@users_app.command("remove")
def users_remove(name: str, warehouse_file: Path | None = WAREHOUSE_OPTION) -> None:
    """Delete a user and end their sessions."""
    if not app_store.remove_user(app_store.app_store_path(warehouse_file), name):
        typer.echo(f"no user {name}", err=True)
        raise typer.Exit(1)
    typer.echo(f"user {name} removed")
