#include "finvoice/xml_arena.h"

#include <gtest/gtest.h>
#include <libxml/xmlmemory.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "finvoice/schema_check.h"
#include "finvoice/xml_reader.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Replace;
using testing::ValidInvoice;

// What CheckSchema says of `xml`, as text.
std::string SchemaFindings(const std::string& xml) {
  ParsedXml parsed = ParseXml(xml);
  if (parsed.error) return "parse: " + parsed.error->message_en;
  std::string out;
  for (const InvoiceError& e : CheckSchema(parsed.doc.get(), 1)) {
    out += e.path + " line " + std::to_string(e.line) + ": " + e.message_en + "\n";
  }
  return out;
}

class XmlArena : public ::testing::Test {
 protected:
  void SetUp() override {
    InitXmlReader();
    Finvoice30Schema();
  }
};

TEST_F(XmlArena, LibxmlAllocatesFromTheArenaOnlyInsideAScope) {
  void* before = xmlMalloc(100);
  EXPECT_FALSE(InXmlArena(before));
  {
    XmlArenaScope scope;
    void* inside = xmlMalloc(100);
    EXPECT_TRUE(InXmlArena(inside));
    xmlFree(before);  // taken from malloc before the scope: freed there
    xmlFree(inside);
  }
  void* after = xmlMalloc(100);
  EXPECT_FALSE(InXmlArena(after));
  xmlFree(after);
}

TEST_F(XmlArena, EachScopeStartsFromTheBeginningOfTheArena) {
  void* first;
  {
    XmlArenaScope scope;
    first = xmlMalloc(64);
    xmlMalloc(4096);
  }
  {
    XmlArenaScope scope;
    EXPECT_EQ(xmlMalloc(64), first);
  }
}

TEST_F(XmlArena, ReallocationKeepsTheBytesWhetherOnTopOrNot) {
  XmlArenaScope scope;
  auto* a = static_cast<char*>(xmlMalloc(10));
  std::memcpy(a, "abcdefghi", 10);
  auto* grown = static_cast<char*>(xmlRealloc(a, 5000));  // on top: grows in place
  EXPECT_EQ(grown, a);
  auto* b = static_cast<char*>(xmlMalloc(8));
  std::memcpy(b, "1234567", 8);
  auto* moved = static_cast<char*>(xmlRealloc(grown, 20000));  // no longer on top: copied
  EXPECT_NE(moved, grown);
  EXPECT_STREQ(moved, "abcdefghi");
  EXPECT_STREQ(b, "1234567");
  auto* shrunk = static_cast<char*>(xmlRealloc(moved, 4));
  EXPECT_EQ(std::memcmp(shrunk, "abcd", 4), 0);
  char* copy = xmlMemStrdup("kopio");
  EXPECT_TRUE(InXmlArena(copy));
  EXPECT_STREQ(copy, "kopio");
}

TEST_F(XmlArena, WhatDoesNotFitComesFromMalloc) {
  XmlArenaScope scope;
  void* huge = xmlMalloc(200u << 20);  // more than a thread reserves
  ASSERT_NE(huge, nullptr);
  EXPECT_FALSE(InXmlArena(huge));
  xmlFree(huge);
}

TEST_F(XmlArena, FreeingIsLeftToTheScopeUnlessSomethingCameFromMalloc) {
  void* outside = xmlMalloc(16);
  {
    XmlArenaScope scope;
    void* small = xmlMalloc(16);
    EXPECT_TRUE(DroppedWithTheArena(small));
    EXPECT_FALSE(DroppedWithTheArena(outside));
    void* huge = xmlMalloc(200u << 20);
    // A tree with a piece from malloc must be freed piece by piece.
    EXPECT_FALSE(DroppedWithTheArena(small));
    xmlFree(huge);
  }
  {
    XmlArenaScope scope;
    void* small = xmlMalloc(16);
    EXPECT_TRUE(DroppedWithTheArena(small));
  }
  xmlFree(outside);
}

TEST_F(XmlArena, AnInnerScopeLeavesTheOuterOneOpen) {
  XmlArenaScope outer;
  { XmlArenaScope inner; }
  void* p = xmlMalloc(16);
  EXPECT_TRUE(InXmlArena(p));
}

TEST_F(XmlArena, ATreeReadInTheArenaIsCheckedAsOneReadFromMalloc) {
  std::string broken = Replace(ValidInvoice(), "<SellerTownName>Mikkeli</SellerTownName>",
                               "<SellerTownName>Mikkeli</SellerTownName><Bogus>x</Bogus>");
  broken = Replace(broken, "Version=\"3.0\"", "Version=\"1.2\"");
  for (const std::string& xml : {ValidInvoice(), broken, std::string("<Finvoice><a></Finvoice>")}) {
    std::string from_malloc = SchemaFindings(xml);
    std::string from_arena;
    {
      XmlArenaScope scope;
      ParsedXml parsed = ParseXml(xml);
      if (parsed.doc) {
        EXPECT_TRUE(InXmlArena(parsed.doc.get()));
      }
      parsed = ParsedXml{};
      from_arena = SchemaFindings(xml);
    }
    EXPECT_EQ(from_arena, from_malloc);
  }
  EXPECT_NE(SchemaFindings(broken), "");
}

TEST_F(XmlArena, ThreadsEachHaveTheirOwn) {
  std::vector<std::string> findings(4);
  std::vector<std::thread> threads;
  std::string broken = Replace(ValidInvoice(), "Version=\"3.0\"", "Version=\"1.2\"");
  for (size_t t = 0; t < findings.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        XmlArenaScope scope;
        findings[t] = SchemaFindings(broken);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& f : findings) EXPECT_EQ(f, SchemaFindings(broken));
}

}  // namespace
}  // namespace seteli::finvoice
