"""A small SMTP server that keeps what it accepts: where the portal's processes send their mail in
the fault tests, so the test can count deliveries across processes.

A message counts as delivered once its whole text has arrived and the server has answered 250,
as with a real mail server. `hold()` makes the server sit on its answer to DATA, before the text
is sent: a sender caught mid-send, ready to be killed. A sender that vanishes before the end of
the text delivers nothing.
"""

from __future__ import annotations

import email
import socketserver
import threading
import time
from dataclasses import dataclass, field
from email.policy import default as default_policy


@dataclass(frozen=True)
class Delivered:
    recipients: tuple[str, ...]
    subject: str
    body: str
    at: float = field(default_factory=time.monotonic)  # when it was accepted


class SmtpSink:
    def __init__(self) -> None:
        self.delivered: list[Delivered] = []
        self._released = threading.Event()
        self._released.set()
        self.holding = threading.Event()  # set while a message waits on hold()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                sink._converse(self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def to(self, address: str) -> list[Delivered]:
        return [message for message in self.delivered if address in message.recipients]

    def _converse(self, rfile, wfile) -> None:
        def reply(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        recipients: list[str] = []
        while line := rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                reply("250 OK")
            elif verb == "DATA":
                self.holding.set()
                self._released.wait()
                self.holding.clear()
                try:
                    reply("354 End data with <CR><LF>.<CR><LF>")
                except OSError:
                    return
                data = b""
                while (chunk := rfile.readline()) and chunk != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                if not chunk:
                    return  # the sender vanished mid-message: nothing delivered
                message = email.message_from_bytes(data, policy=default_policy)
                body = message.get_body(preferencelist=("plain",))
                reply("250 OK queued")
                self.delivered.append(
                    Delivered(
                        tuple(recipients),
                        str(message["Subject"]),
                        body.get_content() if body else "",
                    )
                )
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:  # RSET, NOOP and anything else
                reply("250 OK")
