"""A notebook's view of `featurestore serve`: read features over HTTP into pandas DataFrames.

Run by NotebookClientTest against a server it starts (python notebook_client.py http://127.0.0.1:PORT).
Exits non-zero with a message when a check fails. Needs pandas and pyarrow; uses only urllib for HTTP,
as a notebook without extra packages would.
"""
import io
import json
import sys
import urllib.error
import urllib.request

import pandas as pd


def call(base, path, body=None, accept=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(base + path, data=data, method="GET" if body is None else "POST")
    req.add_header("Content-Type", "application/json")
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def frame_from_json(payload):
    """The JSON answer as a DataFrame with the declared types (what a notebook helper would do)."""
    doc = json.loads(payload)
    columns = [c["name"] for c in doc["columns"]]
    df = pd.DataFrame(doc["rows"], columns=columns)
    for c in doc["columns"]:
        if c["type"] == "timestamp":
            df[c["name"]] = pd.to_datetime(df[c["name"]], utc=True)
        elif c["type"] == "date":
            df[c["name"]] = pd.to_datetime(df[c["name"]]).dt.date
    return doc, df


def check(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


def main(base):
    status, _, body = call(base, "/groups")
    check(status == 200, "GET /groups answered %s" % status)
    groups = json.loads(body)["groups"]
    check([g["group"] for g in groups] == ["customer"], "groups: %s" % groups)

    status, _, body = call(base, "/groups/customer?org=acme")
    acme = json.loads(body)
    check(acme["current"] is not None, "acme has no current version")
    fields = pd.DataFrame(acme["fields"])
    check("loyalty_tier" in set(fields["name"]), "acme fields: %s" % list(fields["name"]))

    # the original store's get_features(['distance', 'gender'], exclude=['*'], filters=['age >= 30'])
    request = {"org": "acme", "features": ["distance", "gender"], "exclude": ["*"], "filters": ["age >= 30"]}
    status, ctype, body = call(base, "/groups/customer/features", request)
    check(status == 200 and ctype.startswith("application/json"), "JSON answer: %s %s %s" % (status, ctype, body[:200]))
    doc, from_json = frame_from_json(body)
    check(list(from_json.columns) == ["id", "distance", "gender"], "JSON columns: %s" % list(from_json.columns))
    check(len(from_json) == doc["row_count"] > 0, "JSON rows: %d vs row_count %d" % (len(from_json), doc["row_count"]))
    check(from_json["distance"].dtype == "float64", "distance dtype %s" % from_json["distance"].dtype)

    status, ctype, body = call(base, "/groups/customer/features", dict(request, format="parquet"))
    check(status == 200 and ctype == "application/vnd.apache.parquet", "Parquet answer: %s %s" % (status, ctype))
    from_parquet = pd.read_parquet(io.BytesIO(body))
    check(list(from_parquet.columns) == ["id", "distance", "gender"], "Parquet columns: %s" % list(from_parquet.columns))
    a = from_json.sort_values("id").reset_index(drop=True)
    b = from_parquet.sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)

    # every type, through the Accept header this time
    status, ctype, body = call(base, "/groups/customer/features", {"org": "acme", "limit": 50},
                               accept="application/vnd.apache.parquet")
    full = pd.read_parquet(io.BytesIO(body))
    check(len(full) == 50, "limit 50 gave %d rows" % len(full))
    check(str(full["last_order_at"].dtype).startswith("datetime64"), "timestamp dtype %s" % full["last_order_at"].dtype)
    check(str(full["age"].dtype) in ("int32", "Int32"), "age dtype %s" % full["age"].dtype)
    check(full["email_opt_in"].dtype == "bool" or str(full["email_opt_in"].dtype) == "object",
          "boolean dtype %s" % full["email_opt_in"].dtype)
    check(set(full["loyalty_tier"].dropna()) <= {"gold", "silver", "bronze"}, "tiers %s" % set(full["loyalty_tier"]))

    status, _, body = call(base, "/groups/customer/features", {"org": "acme", "filters": ["age >= 30; DROP TABLE x"]})
    error = json.loads(body)
    check(status == 400 and error["error"] == "query_error" and "position" in error["message"], "bad filter: %s %s" % (status, error))

    print("ok: %d rows as JSON and Parquet, equal; types %s" % (len(from_json), dict(full.dtypes.astype(str))))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
