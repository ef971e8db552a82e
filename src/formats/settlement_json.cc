#include "formats/settlement_json.h"

#include <Poco/JSON/Array.h>

namespace seteli::formats {
namespace {

Poco::JSON::Object::Ptr NewObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

}  // namespace

Poco::JSON::Object::Ptr LineJson(const SettlementLine& l) {
  auto o = NewObject();
  o->set("event_id", l.event_id);
  o->set("decision_id", l.decision_id);
  o->set("client", l.client);
  o->set("service", l.service);
  o->set("class", ServiceClassName(l.service_class));
  o->set("municipality", l.municipality);
  o->set("date", l.date.ToString());
  o->set("unit", UnitName(l.unit));
  o->set("quantity", l.quantity.ToString());
  if (l.minutes) {
    o->set("minutes", *l.minutes);
    o->set("from", l.from->ToHelsinkiString());
    o->set("to", l.to->ToHelsinkiString());
  }
  o->set("unit_price", l.unit_price.ToString());
  o->set("price", l.price.ToString());
  o->set("voucher", l.voucher.ToString());
  o->set("copay", l.copay.ToString());
  Poco::JSON::Array::Ptr flags = new Poco::JSON::Array;
  for (const std::string& f : FlagNames(l.flags)) flags->add(f);
  o->set("flags", flags);
  if (l.original_month) o->set("original_month", l.original_month->ToString());
  o->set("rulebook_version", l.rulebook_version);
  return o;
}

Poco::JSON::Object::Ptr SettlementJson(const Settlement& s) {
  auto o = NewObject();
  o->set("provider", s.provider);
  o->set("month", s.month.ToString());
  o->set("reference", s.reference);
  o->set("price_total", s.price_total.ToString());
  o->set("voucher_total", s.voucher_total.ToString());
  o->set("copay_total", s.copay_total.ToString());
  o->set("line_count", static_cast<int>(s.lines.size()));
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const SettlementLine& l : s.lines) lines->add(LineJson(l));
  o->set("lines", lines);
  return o;
}

Poco::JSON::Object::Ptr MonthSettlementJson(const MonthSettlement& m) {
  auto o = NewObject();
  o->set("month", m.month.ToString());
  o->set("rulebook_version", m.rulebook_version);
  Poco::JSON::Array::Ptr settlements = new Poco::JSON::Array;
  for (const Settlement& s : m.settlements) settlements->add(SettlementJson(s));
  o->set("settlements", settlements);
  Poco::JSON::Array::Ptr rejected = new Poco::JSON::Array;
  for (const Rejection& r : m.rejected) {
    auto j = NewObject();
    j->set("event_id", r.event_id);
    j->set("code", r.code);
    j->set("message", r.message);
    if (r.line > 0) j->set("line", r.line);
    rejected->add(j);
  }
  o->set("rejected", rejected);
  Poco::JSON::Array::Ptr balances = new Poco::JSON::Array;
  for (const BalanceStatement& b : m.balances) {
    auto j = NewObject();
    j->set("decision_id", b.decision_id);
    j->set("client", b.client);
    j->set("month", b.month.ToString());
    j->set("opening", b.opening.ToString());
    j->set("accrual", b.accrual.ToString());
    j->set("suspension_days", b.suspension_days);
    j->set("used", b.used.ToString());
    j->set("closing", b.closing.ToString());
    balances->add(j);
  }
  o->set("balances", balances);
  return o;
}

void WriteJson(const Poco::JSON::Object::Ptr& obj, std::ostream& out) {
  obj->stringify(out, 1);
  out << "\n";
}

}  // namespace seteli::formats
