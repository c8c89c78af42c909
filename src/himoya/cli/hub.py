"""``himoya hub``: the workshop JupyterHub for one cohort (init, start, remove)."""

from __future__ import annotations

import argparse
from pathlib import Path

from himoya.errors import UserError

# --- hub (workshop JupyterHub) ----------------------------------------------------------------


def _hub_init(args: argparse.Namespace) -> int:
    from himoya.hub.run import init_hub

    result = init_hub(
        directory=args.dir,
        prefix=args.prefix,
        trainers=tuple(args.trainers),
        exchange=args.exchange,
        env=args.env,
        memory_mb=args.memory_mb,
        cull_minutes=args.cull_minutes,
        address=args.address,
        wifi=args.wifi,
        join=args.join,
    )
    hub = result.settings
    print(
        f"{len(result.new_accounts)} new trainee account(s); course id on the hub: {hub.course_id}"
    )
    for path in result.made_private:
        print(f"made private (only its owner may read it): {path}")
    if hub.grader:
        print(
            f"this cohort's formgrader runs as the OS account {hub.grader}"
            f"{' (new)' if result.grader else ''}: it enters this workspace only and writes "
            "only its gradebook"
        )
    print(f"trainees' environment: {hub.env}{' (built)' if result.env_built else ''}")
    print(f"released to the exchange: {', '.join(result.released) or 'nothing'}")
    print(f"PINs: {Path(hub.workspace) / 'hub' / 'pins.csv'}; trainer passwords: trainers.csv")
    print(f"cards to print: {result.cards} (address on the cards: {hub.address})")
    print(f"next: sudo himoya hub start {args.dir}")
    return 0


def _hub_start(args: argparse.Namespace) -> int:
    from himoya.hub.run import start_hub

    if not 1 <= args.port <= 65435:
        raise UserError(f"--port must be between 1 and 65435, got {args.port}")
    return start_hub(
        directories=[args.dir, *args.more],
        ip=args.ip,
        port=args.port,
        ssl_cert=args.ssl_cert,
        ssl_key=args.ssl_key,
        proxy=args.proxy,
    )


def _hub_remove(args: argparse.Namespace) -> int:
    from himoya.hub.run import remove_hub

    if not args.yes:
        raise UserError(
            "this deletes every trainee account of the cohort with its home folder and the "
            "hub's files (the workspace and its grades stay); add --yes to go on"
        )
    for line in remove_hub(directory=args.dir):
        print(line)
    return 0


def add_hub(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "hub",
        help="the workshop JupyterHub: trainees use a browser (phone or laptop) on a local network",
        description="A JupyterHub for one cohort on the trainer's laptop. See grading/HUB.md.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="OS accounts, PINs, cards and the trainees' environment (needs sudo)",
        description=(
            "For the cohort workspace DIR: one OS account and PIN per trainee (DIR/hub/pins.csv), "
            "trainer passwords (DIR/hub/trainers.csv), printable cards (DIR/hub/cards.pdf), the "
            "trainees' Python environment and the exchange. Makes the workspace private. Run it "
            "again after adding trainees to the roster: PINs already given are kept."
        ),
    )
    init.add_argument("dir", type=Path, help="cohort workspace (from `himoya cohort init`)")
    init.add_argument("--prefix", default="", help="prefix of every account name (default: none)")
    init.add_argument(
        "--trainers", nargs="+", default=["trainer"], metavar="NAME", help="trainer logins"
    )
    init.add_argument("--exchange", type=Path, default=None, help="exchange folder")
    init.add_argument("--env", type=Path, default=None, help="trainees' environment folder")
    init.add_argument("--memory-mb", type=int, default=1024, help="memory per trainee (MB)")
    init.add_argument(
        "--cull-minutes", type=int, default=60, help="stop servers idle this long (minutes)"
    )
    init.add_argument("--address", default=None, help="address on the cards, e.g. http://IP:8000/")
    init.add_argument("--wifi", default="", help="Wi-Fi network name printed on the cards")
    init.add_argument(
        "--join",
        type=Path,
        default=None,
        metavar="DIR",
        help="join the hub of this cohort workspace (same exchange, environment, address); "
        "`hub start DIR` then serves both. Ids and trainer names must differ from that hub's; "
        "this cohort's formgrader gets an OS account of its own (grader-<course>) unless the "
        "workspace already belongs to an account of its own",
    )
    init.set_defaults(handler=_hub_init)
    start = actions.add_parser(
        "start",
        help="run the hub in the foreground (Ctrl+C stops it and every server; needs sudo)",
        description=(
            "Run JupyterHub and configurable-http-proxy until Ctrl+C. Give several workspaces "
            "to serve several cohorts from one hub; the hub's own files live in the first."
        ),
    )
    start.add_argument("dir", type=Path, help="cohort workspace")
    start.add_argument(
        "more", nargs="*", type=Path, metavar="DIR", help="more cohorts (those that joined: anyway)"
    )
    start.add_argument("--ip", default="0.0.0.0", help="address to listen on (default: all)")
    start.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    start.add_argument("--ssl-cert", type=Path, default=None, help="HTTPS certificate (PEM)")
    start.add_argument("--ssl-key", type=Path, default=None, help="HTTPS private key (PEM)")
    start.add_argument("--proxy", type=Path, default=None, help="configurable-http-proxy path")
    start.set_defaults(handler=_hub_start)
    remove = actions.add_parser(
        "remove",
        help="after the workshop: delete trainee accounts, homes, PINs and hub files (sudo)",
    )
    remove.add_argument("dir", type=Path, help="cohort workspace")
    remove.add_argument("--yes", action="store_true", help="really delete")
    remove.set_defaults(handler=_hub_remove)
