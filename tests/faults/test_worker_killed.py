"""A Celery worker killed with `kill -9` in the middle of sending a mail: the mail still goes out,
and only once (issue 12, case 4). The SMTP sink holds the send so the kill lands mid-task."""

from __future__ import annotations

import os
import re
import signal
import time

import pytest

from alliance import services
from alliance.models import Membership, OutboxMessage
from tests.factories import ManagerMembershipFactory, OperatorFactory
from tests.faults.conftest import record
from tests.faults.stack import Stack, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
RECEIVED = re.compile(r"alliance\.outbox\.deliver\[([0-9a-f-]+)\] received")


def invite_while_the_mail_server_holds(faults: Stack, email: str) -> int:
    """Invite `email`; return the pid of the worker, once it is mid-send."""
    operator = OperatorFactory(name="Orange", slug="orange", hq_country="FR")
    manager = ManagerMembershipFactory(operator=operator, user__email="manager@orange.example").user
    [worker] = [p for p in faults.processes if p.name == "worker" and p.alive()]
    faults.smtp.hold()
    services.invite_member(
        operator=operator, email=email, role=Membership.Role.MEMBER, invited_by=manager
    )
    wait_until(faults.smtp.holding.is_set, 20, "the worker to start sending")
    return worker


def test_a_pool_process_killed_mid_send_is_replaced_and_the_mail_goes_out_once(faults):
    worker = invite_while_the_mail_server_holds(faults, "new.colleague@orange.example")
    [pool_process] = worker.children()

    os.kill(pool_process, signal.SIGKILL)
    killed = time.monotonic()
    time.sleep(0.5)
    faults.smtp.release()
    wait_until(lambda: faults.smtp.to("new.colleague@orange.example"), 30, "the invitation")
    record(
        "Pool process killed mid-send: mail delivered after", f"{time.monotonic() - killed:.1f} s"
    )
    wait_until(lambda: not OutboxMessage.objects.pending().exists(), 10, "the outbox to empty")
    time.sleep(1)

    assert len(faults.smtp.to("new.colleague@orange.example")) == 1
    assert "WorkerLostError" in worker.output()  # the task was handed back, not failed
    assert worker.alive()


def test_a_worker_killed_outright_mid_send_never_sends_the_mail_twice(faults):
    worker = invite_while_the_mail_server_holds(faults, "new.colleague@orange.example")
    message_id = RECEIVED.findall(worker.output())[-1]

    os.kill(worker.popen.pid, signal.SIGKILL)  # the main process: its message stays unacknowledged
    killed = time.monotonic()
    worker.popen.wait(10)
    time.sleep(0.3)  # Celery kills its pool processes when their parent dies (PDEATHSIG)
    faults.smtp.release()
    replacement = faults.start_worker()  # at start, it sends the outbox's pending messages
    [mail] = wait_until(lambda: faults.smtp.to("new.colleague@orange.example"), 30, "the mail")
    record("Worker killed mid-send: mail delivered after", f"{mail.at - killed:.1f} s")
    # Redis hands the unacknowledged message back after the visibility timeout: it finds the
    # message done and sends nothing.
    wait_until(
        lambda: f"alliance.outbox.deliver[{message_id}] succeeded" in replacement.output(),
        30,
        "the killed worker's message to be delivered again",
    )
    record("Worker killed: its message redelivered after", f"{time.monotonic() - killed:.1f} s")
    time.sleep(1)

    assert len(faults.smtp.to("new.colleague@orange.example")) == 1
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.DONE
