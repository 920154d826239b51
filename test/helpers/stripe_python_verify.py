# Stripe's Python library (Debian's python3-stripe) as a second-language judge of what wh-sim
# sends: one JSON line in per delivery ({"body", "header", "secret"}), one JSON line out
# ({"ok": true, "type": …} or {"ok": false, "error": …}).
import json
import sys

import stripe

for line in sys.stdin:
    delivery = json.loads(line)
    try:
        event = stripe.Webhook.construct_event(delivery["body"], delivery["header"], delivery["secret"])
        print(json.dumps({"ok": True, "type": event["type"], "object": event["data"]["object"]["object"]}))
    except Exception as error:  # the library's SignatureVerificationError or a JSON error: report either
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))
