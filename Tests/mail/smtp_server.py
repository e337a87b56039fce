#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests and the mail benchmark: aiosmtpd, storing each message it
accepts as DIR/<n>.eml with DIR/<n>.json beside it (envelope, MAIL options, login, the client's address and port: one per connection).

    python3 smtp_server.py --dir DIR [--port 0] [--cert C --key K] [--auth user:password] [--no-plain] [--smtputf8]

Prints "READY <port>" once listening; exits when its standard input closes (the process that started it ended). With --cert/--key it offers STARTTLS and requires it; with --auth it requires
AUTH (PLAIN and LOGIN; --no-plain leaves only LOGIN). How it answers the end of each message is read from DIR/mode
at that moment: "ok" (or no file), "451" (try again later), "550" (refused), "drop" (closes the connection after
the message, before answering), or "hang" (never answers; writes DIR/hung). --no-store accepts without writing files (the benchmark). On SIGTERM it prints "SERVED connections=N messages=M".
"""
import argparse
import asyncio
import itertools
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--no-plain", action="store_true")
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--no-store", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # A child of a Swift process may inherit a signal mask that blocks SIGTERM: unblock it. And end with the parent:
    # when standard input closes (the test process exited or crashed), so no server outlives its test.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    if not sys.stdin.isatty():
        def watch_parent():
            sys.stdin.buffer.read()
            os._exit(0)
        threading.Thread(target=watch_parent, daemon=True).start()

    counter = itertools.count(1)
    served = {"connections": 0, "messages": 0}

    def report(*_):
        print("SERVED connections=%d messages=%d" % (served["connections"], served["messages"]), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, report)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            mode = "ok"
            try:
                with open(os.path.join(args.dir, "mode")) as f:
                    mode = f.read().strip() or "ok"
            except FileNotFoundError:
                pass
            if mode == "drop":
                server.transport.abort()
                return "421 dropped"
            if mode == "hang":
                open(os.path.join(args.dir, "hung"), "w").close()
                await asyncio.sleep(3600)
            if mode == "451":
                return "451 4.3.0 try again later"
            if mode == "550":
                return "550 5.1.1 no such mailbox here"
            served["messages"] += 1
            if not args.no_store:
                n = next(counter)
                base = os.path.join(args.dir, "%06d" % n)
                content = envelope.original_content or envelope.content
                with open(base + ".tmp", "wb") as f:
                    f.write(content)
                os.rename(base + ".tmp", base + ".eml")
                login = session.auth_data
                meta = {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "mail_options": envelope.mail_options,
                    "login": login.decode() if isinstance(login, bytes) else login,
                    "connection": "%s:%s" % tuple(session.peer[:2]),
                    "tls": session.ssl is not None,
                }
                with open(base + ".json.tmp", "w") as f:
                    json.dump(meta, f)
                os.rename(base + ".json.tmp", base + ".json")
            return "250 2.0.0 OK queued"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword) or not args.auth:
            return AuthResult(success=False, handled=False)
        user, _, password = args.auth.partition(":")
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

    tls_context = None
    if args.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)

    def factory():
        served["connections"] += 1
        return SMTP(
            Handler(),
            hostname="mail.test",
            tls_context=tls_context,
            require_starttls=tls_context is not None,
            authenticator=authenticator if args.auth else None,
            auth_required=bool(args.auth),
            auth_require_tls=tls_context is not None,
            auth_exclude_mechanism=["PLAIN"] if args.no_plain else None,
            enable_SMTPUTF8=args.smtputf8,
            decode_data=False,
        )

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(factory, host=args.host, port=args.port, reuse_address=True)
        port = server.sockets[0].getsockname()[1]
        print("READY %d" % port, flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
