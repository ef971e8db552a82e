// Settlement lines made by hand for the books tests.
#ifndef SETELI_TESTS_BOOKS_BOOK_LINES_H_
#define SETELI_TESTS_BOOKS_BOOK_LINES_H_

#include <string>

#include "seteli/settlement.h"

namespace seteli::books::test_lines {

inline Money M(const char* s) { return Money::Parse(s).value(); }

// One visit of home care (a health service) for client C-0001 in May 2024.
inline SettlementLine Line(const std::string& provider, const std::string& event, const char* price,
                           const char* voucher) {
  SettlementLine l;
  l.event_id = event;
  l.decision_id = "D-1";
  l.client = "C-0001";
  l.provider = provider;
  l.service = "kotihoito";
  l.municipality = "Mikkeli";
  l.service_class = ServiceClass::kHealth;
  l.unit = Unit::kVisit;
  l.date = Date::FromYmd(2024, 5, 3);
  l.quantity = Quantity::Units(1);
  l.unit_price = M(price);
  l.price = M(price);
  l.voucher = M(voucher);
  l.copay = M(price) - M(voucher);
  return l;
}

}  // namespace seteli::books::test_lines

#endif  // SETELI_TESTS_BOOKS_BOOK_LINES_H_
