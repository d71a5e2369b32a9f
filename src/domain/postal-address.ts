/*
 * A postal address as the lines a person writes on an envelope, shared by the PDF and the pay
 * page so a customer reads the same address on both. Pure: Intl supplies the country's name.
 */
import type { Address } from "./types";

// Countries that write "City, ST 12345"; elsewhere (most of Europe, for one) "12345 City".
const CITY_FIRST = new Set(["US", "CA", "AU", "GB"]);

/** The address's lines, blank parts left out; the country spelled out in `locale`. */
export function postalAddressLines(address: Address | null | undefined, locale: string): string[] {
  if (!address) return [];
  const country = address.country?.trim() || null;
  const cityFirst = country === null || CITY_FIRST.has(country.toUpperCase());
  const cityLine = cityFirst
    ? [[address.city, address.state].filter(Boolean).join(", "), address.postal_code].filter(Boolean).join(" ")
    : [[address.postal_code, address.city].filter(Boolean).join(" "), address.state].filter(Boolean).join(", ");
  return [address.line1, address.line2, cityLine, country && countryName(country, locale)].filter(
    (line): line is string => typeof line === "string" && line.trim() !== "",
  );
}

/**
 * Intl.DisplayNames is costly to build, so one is kept per locale tag. Bounded: tags come
 * from stored data, and an unbounded stream of distinct tags just resets the cache.
 */
const regionNames = new Map<string, Intl.DisplayNames | null>();

function countryName(code: string, locale: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  let names = regionNames.get(locale);
  if (names === undefined) {
    if (regionNames.size > 200) regionNames.clear();
    try {
      names = new Intl.DisplayNames([locale, "en"], { type: "region" });
    } catch {
      names = null;
    }
    regionNames.set(locale, names);
  }
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
