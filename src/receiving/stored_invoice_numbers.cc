#include "receiving/stored_invoice_numbers.h"

namespace seteli::receiving {

bool StoredInvoiceNumbers::SeenBefore(const std::string& seller, const std::string& number) {
  bool in_this_transmission = InvoiceNumberRegister::SeenBefore(seller, number);
  if (in_this_transmission) return true;
  auto taken = store_->InvoiceNumberTaken(seller, number);
  if (!taken.ok()) {
    if (!store_error_) store_error_ = taken.error();
    return false;
  }
  return taken.value();
}

}  // namespace seteli::receiving
