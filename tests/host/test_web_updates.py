"""The page's Python side with the stateful updates (purenet/tools/web/session.py, examples.py):
the custom form's update and options, the buffers beside every parameter, and the same bits as
``training.train`` continued from its state (the page advances in parts)."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from purenet.network import init_network  # noqa: E402
from purenet.tools.web import session  # noqa: E402
from purenet.training import train  # noqa: E402

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [[0.0], [1.0], [1.0], [0.0]]


def ask(**req):
    return json.loads(session.handle(json.dumps(req)))


def test_the_form_offers_every_update_and_its_options():
    res = ask(cmd="examples")
    assert res["custom"]["updates"] == ["plain", "normalized", "momentum", "nesterov", "adam", "adamw"]
    for k in ("momentum", "dampening", "weight_decay", "betas", "eps"):
        assert res["custom"]["default"][k] == ""
    with open(os.path.join(ROOT, "purenet", "tools", "web", "static", "index.html"), encoding="utf-8") as f:
        html = f.read()
    for name in res["custom"]["updates"]:
        assert "<option>%s</option>" % name in html
    for k in ("momentum", "dampening", "weight_decay", "betas", "eps"):
        assert 'name="%s"' % k in html


def test_adam_on_the_page_is_trains_adam_with_its_buffers_shown():
    res = ask(cmd="load", config={"custom": {"update": "adam", "betas": "0.8,0.99", "h": "0.1"}})
    assert res["ok"], res
    ask(cmd="advance", n=2)
    view = ask(cmd="advance", n=3)["view"]            # two parts: the state carries over
    net, state = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1), {}
    train(net, XOR_X, XOR_Y, "cross_entropy", 0.1, 5, update="adam", betas=(0.8, 0.99), state=state)
    assert view["update_state"]["step"] == 5 and view["update_state"]["name"] == "adam"
    assert view["update_state"]["options"] == {"weight_decay": "0.0", "betas": ["0.8", "0.99"],
                                               "eps": "1e-08"}
    assert "√v/√(1 − β2^t) + ε" in view["update_state"]["equation"]
    for layer in view["layers"][1:]:
        l = layer["l"]
        assert layer["w"] == [[repr(x) for x in row] for row in net.w[l]]
        for name in ("exp_avg", "exp_avg_sq"):
            w, b = state["buffers"][name]
            assert layer["buffers"][name]["w"] == [[repr(x) for x in row] for row in w[l]]
            assert layer["buffers"][name]["b"] == [repr(x) for x in b[l]]
    assert ["update", "adam"] in view["query"] and ["betas", "0.8,0.99"] in view["query"]
    view = ask(cmd="rewind")["view"]
    assert view["update_state"]["step"] == 0 and "buffers" not in view["layers"][1]


def test_plain_updates_show_no_buffers_and_bad_options_are_one_line():
    view = ask(cmd="load", config={"custom": {}})["view"]
    assert view["update_state"] is None and "buffers" not in view["layers"][1]
    assert ["momentum", ""] not in view["query"]
    for custom, text in (({"update": "plain", "momentum": "0.9"}, "momentum is not used by the plain update"),
                         ({"update": "adam", "betas": "0.9"}, "betas: expected two numbers B1,B2, got '0.9'"),
                         ({"update": "adam", "eps": "0"}, "eps must be a finite number in (0.0, inf)"),
                         ({"update": "nesterov"}, "momentum must be in (0, 1) for the nesterov update"),
                         ({"update": "sgd"}, "update: plain, normalized, momentum, nesterov, adam, adamw, "
                                             "not 'sgd'")):
        res = ask(cmd="load", config={"custom": custom})
        assert res == {"ok": False, "error": res["error"]} and res["error"].startswith(text), res
