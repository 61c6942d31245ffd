"""Apply exchange requests read from stdin with HQ's ingest, counting the SQL statements of each.

Run by ``test_ingest_queries`` with the environment of the server under
test, so it writes to the same database. Input: one JSON exchange request
per line. Output: one JSON line per request, ``{"statements": n, "states": [...]}``.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocpsc_field.hq.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocpsc_field.hq import ingest
    from ocpsc_field.sync.protocol import ExchangeRequest

    for line in sys.stdin:
        request = ExchangeRequest.from_json(json.loads(line))
        with CaptureQueriesContext(connection) as captured:
            _device, receipts = ingest.apply_batch(request.device_id, request)
        print(
            json.dumps(
                {
                    "statements": len(captured.captured_queries),
                    "states": [receipt.state for receipt in receipts],
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
