"""A Stripe Financial Connections webhook handler, as a Flask app would have it.

It verifies each delivery with Stripe's own library (stripe.Webhook.construct_event), handles an
event once however often Stripe delivers it, and on a refreshed balance calls Stripe back for the
account (stripe.financial_connections.Account.retrieve). Nothing in it knows about wh-sim: point
stripe.api_base at `wh-sim listen` and give it the secret the listener signs with.
"""

import stripe
from flask import Flask, jsonify, request


def create_app(settings):
    """settings: {"webhook_secret": "whsec_…", "api_key": "sk_test_…"}, read at each delivery.

    Stripe's client goes where `stripe.api_base` says (the app's configuration sets it: its
    default is api.stripe.com, the tests set the listener's URL).
    """
    app = Flask(__name__)
    # What the handler did, in order (a real app would write to its database).
    app.config["handled"] = []
    seen = set()

    @app.post("/webhook")
    def webhook():
        payload = request.get_data()
        signature = request.headers.get("Stripe-Signature", "")
        try:
            event = stripe.Webhook.construct_event(payload, signature, settings["webhook_secret"])
        except (ValueError, stripe.error.SignatureVerificationError) as error:
            return jsonify(error=str(error)), 400
        # Stripe delivers at least once: a duplicate is acknowledged, not handled again.
        if event["id"] in seen:
            return jsonify(received=True, duplicate=True)
        seen.add(event["id"])
        if event["type"] == "financial_connections.account.refreshed_balance":
            # The event says the balance changed; the account itself says what it is now.
            account = stripe.financial_connections.Account.retrieve(event["data"]["object"]["id"], api_key=settings["api_key"])
            app.config["handled"].append(
                {"event": event["id"], "account": account["id"], "balance": account["balance"]["current"]}
            )
        return jsonify(received=True)

    return app

