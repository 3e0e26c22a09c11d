#!/usr/bin/python3
"""A real SMTP server for CustCare's tests (aiosmtpd on 127.0.0.1).

usage: smtp-sink.py PORT OUTDIR [USER PASSWORD]

Each message received is written to OUTDIR as N.eml (raw, as delivered) and N.json (decoded by
Python's own email parser, so the test checks CustCare's encoding against an independent reader).
With USER and PASSWORD, AUTH is required and anything else is refused with 535.
Prints "ready" once listening; stops on SIGTERM.
"""
import email
import email.policy
import os
import signal
import ssl
import sys
import threading
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, outdir = int(sys.argv[1]), sys.argv[2]
user = sys.argv[3].encode() if len(sys.argv) > 4 else None
password = sys.argv[4].encode() if len(sys.argv) > 4 else None
os.makedirs(outdir, exist_ok=True)


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        base = os.path.join(outdir, str(Handler.count))
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "date": str(msg["date"]),
            "message_id": str(msg["message-id"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "body": msg.get_content(),
            "auth_user": auth_user(session),
        }
        # A GKeyFile the C test reads; written last, atomically: the test waits for it.
        with open(base + ".summary.tmp", "w", encoding="utf-8") as f:
            f.write("[message]\n")
            for key, value in summary.items():
                if isinstance(value, list):
                    value = ";".join(value)
                value = "" if value is None else str(value)
                value = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                f.write(f"{key}={value}\n")
        os.rename(base + ".summary.tmp", base + ".summary")
        return "250 Message accepted for delivery"


def auth_user(session):
    data = getattr(session, "auth_data", None)
    if isinstance(data, LoginPassword):
        data = data.login
    return data.decode() if isinstance(data, bytes) else None


def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == user and data.password == password
    return AuthResult(success=ok, handled=False, auth_data=data.login if ok else None)


# Requiring AUTH without TLS is what the tests want (loopback only); do not warn on every run.
warnings.simplefilter("ignore")


def exit_with_parent(parent):
    # A test that fails aborts without stopping us: do not outlive it.
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()

kwargs = {}
if user is not None:
    kwargs = dict(authenticator=authenticate, auth_required=True, auth_require_tls=False)
# SINK_TLS=starttls|tls with SINK_TLS_CERT and SINK_TLS_KEY: STARTTLS required, or implicit TLS.
tls_mode = os.environ.get("SINK_TLS")
if tls_mode:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.environ["SINK_TLS_CERT"], os.environ["SINK_TLS_KEY"])
    if tls_mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    else:
        kwargs.update(ssl_context=context)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
