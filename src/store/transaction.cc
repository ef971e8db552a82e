#include "store/transaction.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

namespace seteli::store {

using namespace Poco::Data::Keywords;

WriteTransaction::WriteTransaction(Poco::Data::Session& session, Dialect dialect)
    : session_(session), dialect_(dialect) {
  if (dialect_ == Dialect::kSqlite) {
    session_ << "BEGIN IMMEDIATE", now;
  } else {
    session_ << "BEGIN", now;
  }
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    session_ << "ROLLBACK", now;
  } catch (const Poco::Exception&) {
    // The connection is gone; the server rolls back on its own.
  }
}

void WriteTransaction::Commit() {
  session_ << "COMMIT", now;
  open_ = false;
}

}  // namespace seteli::store
