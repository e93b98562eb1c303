// core/Json: nlohmann-json underneath, the CLI's JSON unchanged as values (key order, integers, floats
// as their shortest text) and errors that name line and column.
#include "core/Json.h"

#include <QtTest>

#include <cmath>

using zooscope::Json;

class TestJson : public QObject {
    Q_OBJECT
private slots:
    void objectsKeepInsertionOrder()
    {
        Json o = Json::object();
        o["zeta"] = 1;
        o["alpha"] = 2;
        o["mid"] = Json::arrayOf(std::vector<int>{3, 4});
        QCOMPARE(QString::fromStdString(o.dump()), QStringLiteral("{\"zeta\":1,\"alpha\":2,\"mid\":[3,4]}"));
        const Json back = Json::parse(o.dump(2));
        QCOMPARE(back.members().front().first, std::string("zeta"));
        QCOMPARE(back.at("mid")[1].integer(), int64_t(4));
    }

    void floatsAreWrittenAsTheirShortestText()
    {
        Json o = Json::object();
        o["f"] = 0.1f;
        o["d"] = 0.1;
        o["whole"] = 3.0;
        o["wholeFloat"] = 3.0f;
        o["nan"] = std::nan("");
        QCOMPARE(QString::fromStdString(o.dump()), QStringLiteral("{\"f\":0.1,\"d\":0.1,\"whole\":3,\"wholeFloat\":3,\"nan\":null}"));
        const float third = 1.0f / 3.0f;
        QCOMPARE(static_cast<float>(Json::parse(Json(third).dump()).number()), third);
        QCOMPARE(Json::parse(Json(1.0 / 3.0).dump()).number(), 1.0 / 3.0);
    }

    void readsPythonsNonFiniteNumbers()
    {
        const Json j = Json::parse("{\"a\": NaN, \"b\": -Infinity, \"c\": Infinity, \"s\": \"NaN Infinity\"}");
        QVERIFY(std::isnan(j.at("a").number()));
        QCOMPARE(j.at("b").number(), -HUGE_VAL);
        QCOMPARE(j.at("c").number(), HUGE_VAL);
        QCOMPARE(j.at("s").string(), std::string("NaN Infinity"));
    }

    void integersAndStringsRoundTrip()
    {
        const Json j = Json::parse("[-7, 4503599627370497, \"tab\\tquote\\\"\\u00e9\", true, null, 2.5e-3]");
        QCOMPARE(j[0].integer(), int64_t(-7));
        QCOMPARE(j[1].integer(), int64_t(4503599627370497));
        QCOMPARE(j[2].string(), std::string("tab\tquote\"\xc3\xa9"));
        QVERIFY(j[3].boolean());
        QVERIFY(j[4].isNull());
        QCOMPARE(j[5].number(), 2.5e-3);
        QCOMPARE(Json::parse(j.dump()).dump(), j.dump());
    }

    void malformedInputNamesLineAndColumn()
    {
        try {
            Json::parse("{\n  \"a\": 1,\n  \"b\": tru\n}");
            QFAIL("no error");
        } catch (const std::runtime_error& e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(QStringLiteral("JSON line 3, column ")), qPrintable(what));
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, Json::parse("[1, 2"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, Json::parse("{} extra"));
    }

    void typeMismatchesThrow()
    {
        const Json j = Json::parse("{\"n\": 1.5}");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, j.at("n").string());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, j.at("n").integer());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, j.at("missing"));
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
