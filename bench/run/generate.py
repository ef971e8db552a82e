#!/usr/bin/env python3
"""Generates a realistic month for bench/run: decisions for CLIENTS clients
and EVENTS service events in May 2024 over the fixture providers, a mix of
hourly home care (with evening and weekend bands), client-free personal
assistance, meals under a monthly cap, housing days under a monthly cap and
carer relief under a quantity cap. Deterministic for a seed.

usage: generate.py EVENTS CLIENTS OUT_DIR
       BALANCE=0.1 generate.py ...   that share of the clients have a veteran's
                                     balance (1,000.00 a month) for cleaning
                                     instead; without it the data is as before
Writes OUT_DIR/decisions.jsonl and OUT_DIR/events.jsonl.
"""
import json
import os
import random
import sys

# (weight, provider, service, municipality, unit, decision extras)
KINDS = [
    (33, "2345678-0", "kotihoito-saannollinen", "Mikkeli", "hour", "range"),
    (12, "2345678-0", "lapsiperheiden-kotipalvelu", "Mikkeli", "hour", None),
    (10, "2345678-0", "henkilokohtainen-apu", "Mikkeli", "hour", None),
    (5, "2471234-4", "kotihoito-saannollinen", "Savonlinna", "hour", "range"),
    (20, "2987654-0", "ateriapalvelu", "Mikkeli", "meal", None),
    (12, "3012345-8", "palveluasuminen", "Mikkeli", "day", None),
    (8, "3456780-6", "omaishoidon-vapaa", "Mikkeli", "day", None),
]


def make_decision(c, rng, prefix="B", grants=True):
    """Client number c's decision of a kind drawn from KINDS, and the kind.
    With grants, some home-care decisions get a monthly quantity grant."""
    kind = rng.choices(KINDS, [k[0] for k in KINDS])[0]
    _, provider, service, municipality, unit, extra = kind
    d = {"decision_id": f"{prefix}-D-{c:06d}", "client": f"{prefix}-C-{c:06d}", "service": service,
         "municipality": municipality, "valid_from": "2024-01-01", "providers": [provider]}
    if extra == "range":
        cents = rng.randrange(700, 2701, 20)
        d["voucher_value"] = f"{cents // 100}.{cents % 100:02d}"
    if service == "palveluasuminen":  # income-related: the ceiling, no draw (the data stays as before)
        d["voucher_value"] = "75.00"
    if grants and service == "kotihoito-saannollinen" and rng.random() < 0.3:
        d["granted"] = {"quantity": str(rng.randint(8, 30)), "per": "month"}
    return d, kind


# A veteran's cleaning, paid from a balance that accrues more than a month's
# visits use, so that an event recorded late changes what is left.
BALANCE_KIND = (0, "2987654-0", "veteraani-siivous", "Mikkeli", "hour", None)


def balance_decision(c, prefix="B"):
    _, provider, service, municipality, _, _ = BALANCE_KIND
    d = {"decision_id": f"{prefix}-D-{c:06d}", "client": f"{prefix}-C-{c:06d}", "service": service,
         "municipality": municipality, "valid_from": "2024-01-01", "providers": [provider],
         "balance": {"accrual": "1000.00", "per": "month"}}
    return d, BALANCE_KIND


def main():
    events, clients, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    balance_share = float(os.environ.get("BALANCE", "0"))
    rng = random.Random(42)
    balance_rng = random.Random(7)  # its own, so the other draws stay as they were
    decisions = []
    with open(f"{out}/decisions.jsonl", "w", encoding="utf-8") as f:
        for c in range(clients):
            d, kind = make_decision(c, rng)
            if balance_share and balance_rng.random() < balance_share:
                d, kind = balance_decision(c)
            decisions.append((d, kind))
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(f"{out}/events.jsonl", "w", encoding="utf-8") as f:
        for i in range(events):
            d, kind = decisions[rng.randrange(clients)]
            _, provider, service, _, unit, _ = kind
            day = rng.randint(1, 31)
            e = {"event_id": f"B-E-{i:07d}", "provider": provider, "decision_id": d["decision_id"],
                 "service": service}
            if unit == "hour":
                start = rng.randint(7 * 60, 20 * 60)
                length = rng.choice([30, 45, 60, 90, 120, 150])
                end = min(start + length, 23 * 60 + 59)
                e["start"] = f"2024-05-{day:02d}T{start // 60:02d}:{start % 60:02d}:00+03:00"
                e["end"] = f"2024-05-{day:02d}T{end // 60:02d}:{end % 60:02d}:00+03:00"
            else:
                e["date"] = f"2024-05-{day:02d}"
                e["quantity"] = "1"
            e["recorded_at"] = f"2024-05-{min(day + rng.randint(0, 3), 31):02d}T20:00:00+03:00"
            e["worker"] = f"T-{rng.randint(1, 400)}"
            f.write(json.dumps(e, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
