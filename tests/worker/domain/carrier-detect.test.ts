/**
 * Carrier detection from tracking numbers: real numbers of each format (most from the public test sets
 * of jkeen/tracking_number_data, MIT), the same numbers with one digit changed, and what merchants and
 * platforms call their carriers.
 */
import { describe, expect, it } from "vitest";
import { AFTERSHIP_SLUGS, EASYPOST_CARRIERS, resolveCarrier, shownCarrier } from "../../../worker/domain/carriers/carrier-names.ts";
import { CARRIERS, detectCarrier } from "../../../worker/domain/carriers/detect.ts";

describe("detectCarrier", () => {
  it.each([
    // UPS 1Z: shipper, service, package, check digit (letters count as their code − 3, mod 10)
    ["1Z5R89390357567127", "ups", "ups_1z"],
    ["1Z879E930346834440", "ups", "ups_1z"],
    ["1Z410E7W0392751591", "ups", "ups_1z"],
    ["1ZXX3150YW44070023", "ups", "ups_1z"],
    ["1Z999AA10123456784", "ups", "ups_1z"],
    ["1z 999 aa1 01 2345 6784", "ups", "ups_1z"],
    // USPS: 20 digits, 22-digit IMpb (94 Priority, 92/93/95 commercial, 91 legacy)
    ["0307 1790 0005 2348 3741", "usps", "usps_20"],
    ["7112 3456 7891 2345 6787", "usps", "usps_20"],
    ["7196 9010 7560 0307 7385", "usps", "usps_20"],
    ["9400111206206406260787", "usps", "usps_impb_22"],
    ["9400 1112 0108 0805 4830 16", "usps", "usps_impb_22"],
    ["9405803699300124287899", "usps", "usps_impb_22"],
    ["9434611206206406227577", "usps", "usps_impb_22"],
    ["9261292700768711948021", "usps", "usps_impb_22"],
    ["9361 2898 7870 0317 6337 95", "usps", "usps_impb_22"],
    ["9505 5110 6960 5048 6006 24", "usps", "usps_impb_22"],
    ["9101 1234 5678 9000 0000 13", "usps", "usps_impb_22"],
    // FedEx: Express 12, Ground 15, SSCC-18 with its "00" (20), Ground 96 (22)
    ["986578788855", "fedex", "fedex_express_12"],
    ["477179081230", "fedex", "fedex_express_12"],
    ["799531274483", "fedex", "fedex_express_12"],
    ["7905 3531 2317", "fedex", "fedex_express_12"],
    ["0414 4176 0228 964", "fedex", "fedex_ground_15"],
    ["5682 8361 0012 734", "fedex", "fedex_ground_15"],
    ["00 0001 2345 0000 0000 27", "fedex", "fedex_sscc_20"],
    ["9611020987654312345672", "fedex", "fedex_ground_96"],
    // DHL Express waybills: nine digits mod 7
    ["3318810025", "dhl_express", "dhl_express_10"],
    ["8487135506", "dhl_express", "dhl_express_10"],
    ["1099255990", "dhl_express", "dhl_express_10"],
    // UPU S10: the country's post
    ["RB123456785GB", "royal_mail", "s10"],
    ["RB 1234 5678 5 GB", "royal_mail", "s10"],
    ["RB123456785US", "usps", "s10"],
    ["EA123456785CA", "canada_post", "s10"],
    ["CX123456785AU", "australia_post", "s10"],
    ["RR123456785DE", "deutsche_post", "s10"],
  ])("%s is %s (%s)", (number, carrier, format) => {
    expect(detectCarrier(number)).toEqual({ carrier, format });
  });

  it.each([
    ["2Z5R89390357567127", "not 1Z"],
    ["1Z5R89390357567128", "UPS check digit off by one"],
    ["1Z1111111111111111", "UPS check digit wrong"],
    ["0307 1790 0005 2348 3742", "USPS 20 check digit off"],
    ["9434611206206407667131", "IMpb check digit off"],
    ["9700111206206406260787", "22 digits with no USPS or FedEx prefix"],
    ["996578788855", "FedEx Express check digit wrong"],
    ["5682 8361 0012 732", "FedEx Ground check digit wrong"],
    ["00 0001 2345 0000 0000 28", "SSCC check digit wrong"],
    ["9600000000000000000001", "FedEx 96 check digit wrong"],
    ["3318810010", "DHL check digit wrong"],
    ["RB123456786GB", "S10 check digit wrong"],
    ["RB123456785XX", "S10 with no such country"],
    ["RB123456785FR", "S10 of a post Doorstep does not name: unknown, not guessed"],
    ["TRAN-99812", "a local courier's own numbering"],
    ["12345", "too short for any carrier"],
    ["123456789012345678901234567890", "too long for any carrier"],
  ])("%s is unknown (%s)", (number) => {
    expect(detectCarrier(number)).toBeUndefined();
  });
});

describe("resolveCarrier: the name sent, then the number", () => {
  it.each([
    ["UPS", "TRAN-99812", "ups", "merchant"],
    ["United Parcel Service", "1Z5R89390357567127", "ups", "merchant"],
    ["FedEx Ground", "0414 4176 0228 964", "fedex", "merchant"],
    ["Deutsche Post (DE)", "RR123456785DE", "deutsche_post", "merchant"],
    ["Royal Mail", "RB123456785GB", "royal_mail", "merchant"],
    // Names an aggregator does not know: the number decides
    ["Tran", "1Z5R89390357567127", "ups", "detected"],
    ["custom", "9400111206206406260787", "usps", "detected"],
    ["Other", "986578788855", "fedex", "detected"],
    ["", "RB123456785GB", "royal_mail", "detected"],
    [undefined, "3318810025", "dhl_express", "detected"],
    // "DHL" could be DHL Express or Deutsche Post's parcels: only a number of one of those settles it
    ["DHL", "3318810025", "dhl_express", "detected"],
    ["DHL", "RR123456785DE", "deutsche_post", "detected"],
  ])("%s with %s → %s (%s)", (name, number, carrier, source) => {
    expect(resolveCarrier(name, number)).toEqual({ carrier, source });
  });

  it.each([
    ["Tran", "TRAN-99812"],
    ["Other", "1Z5R89390357567128"],
    ["DHL", "1Z5R89390357567127"],
    ["custom", "RB123456785FR"],
  ])("%s with %s stays unknown", (name, number) => {
    expect(resolveCarrier(name, number)).toEqual({ source: "unknown" });
  });

  it("shows shoppers the carrier the number names when the name sent is not one Doorstep links to", () => {
    expect(shownCarrier("Other", "1Z5R89390357567127")).toEqual({
      name: "UPS",
      url: "https://www.ups.com/track?tracknum=1Z5R89390357567127",
    });
    expect(shownCarrier("DHL", "3318810025")).toEqual({
      name: "DHL",
      url: "https://www.dhl.com/global-en/home/tracking.html?tracking-id=3318810025",
    });
    expect(shownCarrier("Acme Couriers", "ACME-1")).toEqual({ name: "Acme Couriers" });
  });

  it("every carrier Doorstep names has an AfterShip slug; EasyPost detects the one it has no string for", () => {
    for (const carrier of CARRIERS) expect(AFTERSHIP_SLUGS[carrier], carrier).toMatch(/^[a-z-]+$/);
    expect(CARRIERS.filter((c) => !EASYPOST_CARRIERS[c])).toEqual(["deutsche_post"]);
  });
});
