"""The handler in app.py, tested end to end against wh-sim: signed as Stripe signs, called back as Stripe answers."""

import json

import pytest
import stripe

EVENT = "financial_connections.account.refreshed_balance"


def test_a_refreshed_balance_is_handled_with_the_account_the_api_answers(wh_sim, app_server):
    app = app_server[0]
    sent = wh_sim.trigger(provider="stripe", event=EVENT)
    assert sent["ok"], sent
    event_id = sent["deliveries"][0]["id"]
    # The listener verified it, then relayed it to the app, which answered 200.
    delivered = wh_sim.wait(id=event_id, kind="webhook", timeout_ms=5000)
    assert delivered["verdict"] == "valid"
    account = json.loads(delivered["body"])["data"]["object"]
    # The app called Stripe back for the account, and wh-sim answered it as the event left it.
    assert app.config["handled"] == [{"event": event_id, "account": account["id"], "balance": account["balance"]["current"]}]
    calls = wh_sim.requests(kind="api")
    assert [c["path"] for c in calls] == [f"/v1/financial_connections/accounts/{account['id']}"]


def test_a_forged_event_is_refused(wh_sim, app_server):
    sent = wh_sim.trigger(provider="stripe", event=EVENT, chaos=["tamper"])
    assert not sent["ok"]
    assert sent["deliveries"][0]["status"] == 400
    assert wh_sim.requests(kind="webhook")[0]["verdict"] == "invalid"
    assert app_server[0].config["handled"] == []


def test_a_duplicate_is_handled_once(wh_sim, app_server):
    # The event, then two copies of it (as Stripe redelivers one): each acknowledged.
    sent = wh_sim.trigger(provider="stripe", event=EVENT, chaos={"duplicate": 2})
    assert sent["ok"], sent
    assert [d["status"] for d in sent["deliveries"]] == [200, 200, 200]
    assert len({d["id"] for d in sent["deliveries"]}) == 1
    assert len(app_server[0].config["handled"]) == 1


def test_reset_between_tests_leaves_nothing_behind(wh_sim):
    # The autouse fixture reset the listener: nothing from the tests before is left.
    assert wh_sim.requests() == []
    sent = wh_sim.trigger(provider="stripe", event=EVENT)
    account_id = json.loads(wh_sim.wait(id=sent["deliveries"][0]["id"])["body"])["data"]["object"]["id"]
    assert stripe.financial_connections.Account.retrieve(account_id)["id"] == account_id
    wh_sim.reset("stripe")
    assert wh_sim.requests() == []
    with pytest.raises(stripe.error.InvalidRequestError):
        stripe.financial_connections.Account.retrieve(account_id)
