#!/usr/bin/env python3
# Regenerates the seed corpora in tests/fuzz/corpus/ from the repository's
# own test data and the shared conformance cases (../shared beside the
# repository, or $KS_SHARED_DIR). Run from anywhere:
#
#   python3 tests/fuzz/make-corpus.py
#
# Seeds are small on purpose: libFuzzer mutates small inputs much faster,
# and it limits generated inputs to the largest seed's size.

import hashlib
import json
import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = pathlib.Path(os.environ.get("KS_SHARED_DIR", REPO.parent / "shared"))
CORPUS = HERE / "corpus"


def write(target, data, name=None):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if name is None:
        name = hashlib.sha1(data).hexdigest()[:16]
    (d / name).write_bytes(data)


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def trim_workbench(model, per_list=3):
    """A conformance model with a few items per table and facet."""
    model = json.loads(json.dumps(model))
    for table in model["DataModel"]:
        if "TableData" in table:
            table["TableData"] = table["TableData"][:per_list]
        for facet in table.get("TableFacets", []):
            if "TableData" in facet:
                facet["TableData"] = facet["TableData"][:per_list]
        table.pop("DataAccess", None)
    model["ModelMetadata"]["Description"] = "trimmed"
    return model


def native_seeds():
    for path in [REPO / "tests/data/interop.keyshape.json"]:
        write("native", path.read_bytes(), path.name)
    write("native", compact({
        "format": "keyshape", "version": 1, "name": "Min",
        "tables": [{"name": "T", "partitionKey": {"name": "PK", "type": "S"}}],
        "entities": [], "accessPatterns": []}), "minimal.keyshape.json")
    write("native", compact({
        "format": "keyshape", "version": 1, "name": "Shop", "description": "d", "notes": "n",
        "tables": [{"name": "ShopTable", "partitionKey": {"name": "PK", "type": "S"},
                    "sortKey": {"name": "SK", "type": "S"}, "typeAttribute": "_type",
                    "ttlAttribute": "expiresAt", "billing": {"mode": "PAY_PER_REQUEST"},
                    "indexes": [
                        {"name": "GSI1", "kind": "GSI",
                         "partitionKey": {"name": "GSI1PK", "type": "S"},
                         "sortKey": {"name": "GSI1SK", "type": "S"},
                         "projection": {"type": "INCLUDE", "attributes": ["total"]}},
                        {"name": "ByTenantRegion", "kind": "GSI",
                         "partitionKey": [{"name": "tenantId", "type": "S"},
                                          {"name": "region", "type": "S"}],
                         "projection": {"type": "KEYS_ONLY"}}]}],
        "entities": [{"name": "Order", "table": "ShopTable", "color": "#3584e4",
                      "expectedItems": 50000000, "writesPerSecond": 40,
                      "attributes": [{"name": "customerId", "type": "S", "required": True},
                                     {"name": "orderId", "type": "S", "required": True},
                                     {"name": "n", "type": "N"}, {"name": "tags", "type": "SS"},
                                     {"name": "blob", "type": "B"}],
                      "keys": {"PK": "CUSTOMER#${customerId}", "SK": "ORDER#${orderId}",
                               "GSI1PK": "STATUS#${status|upper}", "GSI1SK": "${n|pad:8}"},
                      "items": [{"customerId": "c1", "orderId": "o1", "status": "shipped",
                                 "n": 12.5, "tags": ["gift"], "blob": "AAE=",
                                 "exact": {"$ddb": {"N": "12345678901234567890123456789012345678"}},
                                 "nested": {"a": [1, {"b": None}]}},
                                {"customerId": "c1", "orderId": "o2", "n": -3}]}],
        "accessPatterns": [{"name": "Orders of a customer", "table": "ShopTable", "index": None,
                            "partitionKey": "CUSTOMER#${customerId}",
                            "sortKey": {"op": "begins_with", "value": "ORDER#"},
                            "filter": "n > :minTotal",
                            "parameters": {"customerId": "c1", "minTotal": 10},
                            "scanForward": False, "limit": 20, "requestsPerSecond": 25,
                            "expects": ["Order"]},
                           {"name": "By region", "table": "ShopTable", "index": "ByTenantRegion",
                            "partitionKey": {"tenantId": "t1", "region": "eu"},
                            "sortKey": [], "expects": []},
                           {"name": "Between", "table": "ShopTable", "index": "GSI1",
                            "partitionKey": "STATUS#SHIPPED",
                            "sortKey": {"op": "between", "value": "0", "value2": "9"},
                            "expects": ["Order"]}]}), "shop.keyshape.json")


def workbench_seeds():
    real = SHARED / "real-models/aws-dynamodb-design-patterns"
    for name in ["an-online-shop/AnOnlineShop_1.json", "an-online-shop/AnOnlineShop_3.json",
                 "an-online-shop/AnOnlineShop_5.json", "device-state-log/DeviceStateLog_1.json",
                 "device-state-log/DeviceStateLog_4.json"]:
        write("workbench", (real / name).read_bytes(), pathlib.Path(name).name)
    for name in ["chat", "ecommerce", "saas"]:
        model = json.loads((SHARED / "conformance" / f"{name}.model.json").read_text())
        write("workbench", json.dumps(trim_workbench(model), indent=1), f"{name}-trimmed.json")


def onetable_seeds():
    crm = (REPO / "tests/data/onetable-crm.json").read_text()
    write("onetable", crm, "crm.json")
    schema = json.loads(crm)
    schema["format"] = "onetable:1.0.0"
    schema.pop("params", None)
    write("onetable", compact(schema), "crm-1.0.json")
    write("onetable", compact({
        "format": "onetable:1.1.0", "version": "0.0.1",
        "indexes": {"primary": {"hash": "pk"}},
        "models": {"User": {"pk": {"type": "string", "value": "user#${id}"},
                            "id": {"type": "string", "generate": "ulid"},
                            "age": {"type": "number", "default": 0},
                            "email": {"type": "string", "unique": True}}}}), "minimal.json")


def template_seeds():
    # byte 0: bit 0 lenient, bits 1-2 key type (S, N, B)
    for opts, text, extra in [
        (0, "CUSTOMER#${customerId}", '{"customerId": "c1"}'),
        (0, "${s}#${n|pad:6}", None),
        (0, "ORDER#${neg|pad:4}#${s|upper|lower}", None),
        (0, "\\$\\{literal\\}\\\\", None),
        (1, "USER#{userId}", '{"userId": "u-1"}'),
        (2, "${n}", None),
        (2, "${big}", None),
        (4, "${b}", None),
        (0, "${missing}", None),
        (0, "${t}#${z}#${l}#${m}", None),
        (0, "${u|upper}#${empty}", None),
        (0, "${tiny|pad:3}", None),
        (0, "${s|pad:x}", None),
    ]:
        data = bytes([opts]) + text.encode()
        if extra is not None:
            data += b"\n" + extra.encode()
        write("template", data)


def expression_seeds():
    modes = {"KeyConditionExpression": 0, "FilterExpression": 1,
             "ConditionExpression": 2, "ProjectionExpression": 3}
    ops = {"Query": 0, "Scan": 1, "GetItem": 2}
    for name in ["chat", "ecommerce", "saas"]:
        cases = json.loads((SHARED / "conformance" / f"{name}.requests.json").read_text())
        for case in cases:
            req = case["request"]
            context = {k: req[k] for k in ("ExpressionAttributeNames", "ExpressionAttributeValues")
                       if k in req}
            for member, mode in modes.items():
                if member in req:
                    write("expression", bytes([mode]) + req[member].encode() + b"\n"
                          + compact(context).encode())
            fixed = dict(req, TableName="T")
            write("expression", bytes([4, ops[case["op"]]]) + compact(fixed).encode())
    # the fixed placeholders (no context after the expression)
    for mode, text in [(0, "#pk = :s AND begins_with(SK, :e)"),
                       (1, "attribute_type(prefs, :s) OR size(#l[1]) > :n AND NOT contains(tags, :s)"),
                       (1, "#dot IN (:s, :n, :b) AND score BETWEEN :n AND :n"),
                       (2, "attribute_not_exists(#pk) OR prefs.digest.daily = :t"),
                       (3, "#l[1][1].x, prefs.theme, #dot, score")]:
        write("expression", bytes([mode]) + text.encode())
    for op, req in [(0, {"TableName": "T", "IndexName": "ByRegion",
                         "KeyConditionExpression": "tenantId = :t AND #r = :r AND createdAt > :c",
                         "ExpressionAttributeNames": {"#r": "region"},
                         "ExpressionAttributeValues": {":t": {"S": "t1"}, ":r": {"S": "eu"},
                                                       ":c": {"S": "2000"}}}),
                    (0, {"TableName": "T", "IndexName": "ByScore",
                         "KeyConditionExpression": "GSI2PK = :p AND score BETWEEN :a AND :b",
                         "ExpressionAttributeValues": {":p": {"S": "TENANT#t1"}, ":a": {"N": "-10"},
                                                       ":b": {"N": "1e3"}},
                         "ScanIndexForward": False, "Limit": 1, "Select": "COUNT"}),
                    (1, {"TableName": "T", "Limit": 2, "ExclusiveStartKey":
                         {"PK": {"S": "USER#u1"}, "SK": {"S": "ORDER#o1"}},
                         "ProjectionExpression": "PK, lines[0].sku"}),
                    (2, {"TableName": "T", "Key": {"PK": {"S": "USER#u1"}, "SK": {"S": "PROFILE"}},
                         "ProjectionExpression": "prefs.digest, #n",
                         "ExpressionAttributeNames": {"#n": "nothing"}})]:
        write("expression", bytes([4, op]) + compact(req).encode())


def json_seeds():
    for text in ['{"S": "x", "N": "1", "M": {"a": {"L": [{"BOOL": true}, {"NULL": true}]}}}',
                 '[1, -0, 0.5e-3, 1E+2, 12345678901234567890123456789012345678, -1e-130]',
                 '"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/"',
                 '\ufeff{"a": [], "b": {}, "c": null, "d": false}',
                 '[[[[[[[[[[[[[[[[{"deep": [1]}]]]]]]]]]]]]]]]]',
                 '{"k": "' + 'x' * 64 + '", "\\u0000": 1}',
                 '{"a": 1, "a": 2}',
                 '1e126', '9.9999999999999999999999999999999999999E+125', '"unterminated']:
        write("json", text)
    write("json", (REPO / "tests/data/onetable-crm.json").read_bytes(), "onetable-crm.json")


def main():
    if not SHARED.is_dir():
        sys.exit(f"make-corpus.py: no shared data at {SHARED} (set KS_SHARED_DIR)")
    native_seeds()
    workbench_seeds()
    onetable_seeds()
    template_seeds()
    expression_seeds()
    json_seeds()


if __name__ == "__main__":
    main()
