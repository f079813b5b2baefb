"""The case packet: requested, compiled by a worker, swept up when lost (with the patient's copies).

A packet is a row first (`packet_request`, in the transaction that asked for
it) and files later (`packet_compile`, run by the Celery task, the
`compile_packet` command or a test; reports.packet_build makes the files). The
row is the to-do list, so a broker that is down or a worker that is killed
loses nothing: `packets_sweep` finds rows that never started or whose worker
stopped beating, and enqueues them again.

Race-safety, in one place:
- two requests at once: the case row is locked while the version number is
  chosen (and (case, version) is unique), so they get two versions, or one when
  the first is still waiting;
- two workers on one packet (a redelivered message, a sweep): each claim writes
  a fresh token with a conditional UPDATE, every later write is conditional on
  that token, so a worker that lost its claim writes nothing more;
- the three files are set in the same UPDATE that marks the packet done.
"""

import gc
import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases import audit, states
from cases.assessment import message_json
from cases.jobs import enqueue
from cases.models import Case, ReadKind
from reports.models import Packet
from reports.packet_build import (
    PART_NAMES,
    ClaimLost,
    PacketError,
    Run,
    build,
    delete_names,
)
from reports.patient_copy import patient_copies_sweep

log = logging.getLogger(__name__)

# The storage or the database was briefly unavailable: Celery retries with back-off.
TRANSIENT_ERRORS = (OSError, OperationalError)


def packet_compilable(case: Case) -> bool:
    """Whether a packet can be compiled for `case` now: once it is ready for the MDT, and afterwards."""
    return case.state in states.WITH_PACKET


# Untranslated: Packet.error keeps the template and its values (cases.assessment.message_json),
# and each reader sees it in their own language.
ERR_STATE = gettext_noop("A packet can be compiled once the case is ready for the MDT.")
ERR_GAVE_UP = gettext_noop("Gave up after %(attempts)d attempts. Last error: %(error)s")
ERR_RETRYING = gettext_noop("A temporary problem (%(error)s); trying again shortly.")
ERR_STALE = gettext_noop("The worker compiling this packet stopped; compiling it again.")


# --- Requesting -------------------------------------------------------------------------------


def packet_request(*, case: Case, by=None, reuse_waiting: bool = True, enqueue: bool = True) -> Packet:
    """A packet to compile for `case`: a new version, or the one still waiting for a worker.

    The compile is enqueued after the transaction commits; if the broker is
    down the row stays queued and `packets_sweep` enqueues it later.
    """
    with transaction.atomic():
        # Race: the ready_for_mdt signal and a coordinator's "Compile again" at the
        # same moment. The case row lock serialises the two requests, so the second
        # sees the first's row: it reuses it while waiting, or takes the next number.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if reuse_waiting:
            waiting = locked.packets.filter(status=Packet.Status.QUEUED, attempts=0).order_by("-version").first()
            if waiting is not None:
                return waiting
        last = locked.packets.aggregate(last=Max("version"))["last"] or 0
        packet = Packet.objects.create(case=locked, version=last + 1, requested_by=by)
        if enqueue:
            transaction.on_commit(lambda: packet_enqueue(packet_id=packet.pk), robust=True)
    return packet


def packet_request_by_coordinator(*, case: Case, by) -> Packet:
    """'Compile again' / 'Try again': a new version, from the states in which the MDT uses a packet."""
    if not packet_compilable(case):
        raise PacketError(ERR_STATE)
    return packet_request(case=case, by=by)


def packet_enqueue(*, packet_id: int) -> bool:
    try:
        enqueue("reports.tasks.compile_packet", packet_id)
    except Exception:  # noqa: BLE001 - the broker being down must not lose the request: the sweeper retries
        log.exception("Could not enqueue packet %s; the sweeper will", packet_id)
        return False
    return True


# --- Compiling --------------------------------------------------------------------------------


def packet_compile(*, packet_id: int) -> Packet | None:
    """Compile packet `packet_id` if nobody else is; the packet, or None if there was nothing to do.

    Transient errors (storage, database) put the packet back in the queue and
    are re-raised for Celery to retry; anything else marks it failed with a
    reason the coordinator can read.
    """
    run = _claim(packet_id)
    if run is None:
        return None
    try:
        return _compile_claimed(run, packet_id)
    finally:
        # WeasyPrint's layouts keep the fonts' memory maps (Noto CJK: 20 MB a face) and their own memory in
        # reference cycles until a full collection: one now, once the packet is done (0.3-0.8 s that its
        # coordinator no longer waits for), so the next compile in this worker starts from the idle size.
        gc.collect()


def _compile_claimed(run: Run, packet_id: int) -> Packet | None:
    try:
        with run.beating(settings.PACKET_HEARTBEAT_SECONDS):
            _compile(run)
    except ClaimLost:
        log.warning("Packet %s was taken over by another worker; this attempt stops", packet_id)
        return None
    except PacketError as error:
        _finish_failed(run, error.stored)
    except FileNotFoundError as error:
        _finish_failed(run, message_json(str(error)))
    except TRANSIENT_ERRORS as error:
        _release(run, message_json(ERR_RETRYING, {"error": _short(error)}))
        raise
    except Exception as error:  # noqa: BLE001 - any other failure is shown to the coordinator, not retried
        log.exception("Packet %s failed", packet_id)
        _finish_failed(run, message_json(_short(error)))
    return Packet.objects.get(pk=packet_id)


def _short(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _claim(packet_id: int) -> Run | None:
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PACKET_STALE_SECONDS)
    with transaction.atomic():
        packet = Packet.objects.select_for_update(of=("self",)).filter(pk=packet_id).select_related("case").first()
        if packet is None or packet.status in (Packet.Status.DONE, Packet.Status.FAILED):
            return None
        if packet.status == Packet.Status.RUNNING and packet.heartbeat_at and packet.heartbeat_at > stale:
            return None  # a live worker has it (this is a duplicate message)
        if packet.attempts >= settings.PACKET_MAX_ATTEMPTS:
            Packet.objects.filter(pk=packet.pk).update(
                status=Packet.Status.FAILED,
                error=message_json(ERR_GAVE_UP, {"attempts": packet.attempts, "error": packet.error or "?"}),
                finished_at=now,
                claim=None,
            )
            return None
        token = uuid.uuid4()
        Packet.objects.filter(pk=packet.pk).update(
            status=Packet.Status.RUNNING,
            stage=Packet.Stage.GATHERING,
            percent=0,
            error={},
            attempts=packet.attempts + 1,
            claim=token,
            started_at=now,
            heartbeat_at=now,
        )
    packet.refresh_from_db()
    return Run(packet=packet, token=token)


def _release(run: Run, message: dict) -> None:
    Packet.objects.filter(pk=run.packet.pk, claim=run.token).update(
        status=Packet.Status.QUEUED, claim=None, error=message, heartbeat_at=timezone.now()
    )


def _finish_failed(run: Run, message: dict) -> None:
    Packet.objects.filter(pk=run.packet.pk, claim=run.token).update(
        status=Packet.Status.FAILED, error=message, finished_at=timezone.now(), claim=None, timings=run.timings
    )


def _compile(run: Run) -> None:
    started = time.perf_counter()
    names, manifest = build(run)
    run.timings["total"] = round(time.perf_counter() - started, 3)
    try:
        run.update(
            status=Packet.Status.DONE,
            stage=Packet.Stage.DONE,
            percent=100,
            manifest=manifest,
            timings=run.timings,
            finished_at=timezone.now(),
            claim=None,
            **names,
        )
    except ClaimLost:
        delete_names(names.values())
        raise


# --- Reading ----------------------------------------------------------------------------------

PART_READS = {"summary": ReadKind.SUMMARY, "packet": ReadKind.PACKET, "archive": ReadKind.ARCHIVE}


def packet_file_open(*, packet: Packet, part: str, by):
    """Open one of a finished packet's files through the storage API, recording the read in the audit trail."""
    field_file = getattr(packet, part)
    audit.record_read(user=by, case=packet.case, what=PART_READS[part], obj=packet, detail=str(packet.version))
    return field_file.open("rb")


def packet_download_name(packet: Packet, part: str) -> str:
    return f"{packet.case.reference}-v{packet.version}-{PART_NAMES[part]}"


# --- The sweeper ------------------------------------------------------------------------------


def packets_sweep(*, stale_after: float | None = None, waiting_after: float | None = None) -> dict:
    """Enqueue packets that were never started or whose worker died; returns what it did.

    Duplicates are harmless: a compile claims its packet first, so a second
    message for the same packet finds it running or done and does nothing.
    """
    now = timezone.now()
    stale_cutoff = now - timedelta(seconds=settings.PACKET_STALE_SECONDS if stale_after is None else stale_after)
    waiting_cutoff = now - timedelta(
        seconds=settings.PACKET_WAITING_SECONDS if waiting_after is None else waiting_after
    )
    to_send, stale = [], 0
    for packet_id in Packet.objects.filter(status=Packet.Status.RUNNING, heartbeat_at__lt=stale_cutoff).values_list(
        "pk", flat=True
    ):
        # Conditional: the worker may have beaten (or finished) since the query above.
        if Packet.objects.filter(pk=packet_id, status=Packet.Status.RUNNING, heartbeat_at__lt=stale_cutoff).update(
            status=Packet.Status.QUEUED, claim=None, error=message_json(ERR_STALE), heartbeat_at=now
        ):
            stale += 1
            to_send.append(packet_id)
    waiting = Packet.objects.filter(status=Packet.Status.QUEUED).filter(
        Q(heartbeat_at__lt=waiting_cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=waiting_cutoff)
    )
    for packet_id in waiting.values_list("pk", flat=True):
        # Remember when we last sent it: a packet waiting behind a long queue gets one reminder a period.
        Packet.objects.filter(pk=packet_id).update(heartbeat_at=now)
        to_send.append(packet_id)
    enqueued = sum(packet_enqueue(packet_id=packet_id) for packet_id in to_send)
    copies = patient_copies_sweep(cutoff=waiting_cutoff)
    return {"stale": stale, "enqueued": enqueued, "enqueue_failed": len(to_send) - enqueued, "patient_copies": copies}
