package io.omniline.db.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns what a caller, a visitor or a mail header says into the one stored form: phone numbers
 * to E.164 (numbers without a country code are read in the configured default region), email
 * addresses trimmed, lowercased and with an ASCII domain, account numbers as bare digits.
 *
 * <p>Phone numbers are accepted when they are <em>possible</em> (right length for the country),
 * not only when libphonenumber's metadata lists their range as assigned: caller IDs from the
 * network are what they are, and a brand-new range must not lose a customer their history.
 */
public final class IdentityNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String defaultRegion;

    /**
     * @param defaultRegion ISO 3166 region (e.g. "US", "GB") for numbers dialled without a country code
     */
    public IdentityNormalizer(String defaultRegion) {
        String region = defaultRegion == null ? "" : defaultRegion.toUpperCase(Locale.ROOT);
        if (!PHONES.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException(
                    "default phone region \"" + defaultRegion + "\" is not an ISO 3166 region libphonenumber knows");
        }
        this.defaultRegion = region;
    }

    public Identity normalize(IdentityKind kind, String raw) {
        return switch (kind) {
            case phone -> phone(raw);
            case email -> email(raw);
            case account -> account(raw);
        };
    }

    /** Account numbers as typed on a keypad or printed on a bill: digits, spaces and dashes dropped. */
    public Identity account(String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[\\s-]", "");
        if (!digits.matches("[0-9]{4,20}")) {
            throw new InvalidIdentityException("account number", String.valueOf(raw), "it must be 4 to 20 digits");
        }
        return new Identity(IdentityKind.account, digits);
    }

    public Identity phone(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentityException("phone number", String.valueOf(raw), "it is empty");
        }
        PhoneNumber number;
        try {
            number = PHONES.parse(raw, defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidIdentityException("phone number", raw, describe(e.getErrorType()));
        }
        ValidationResult possible = PHONES.isPossibleNumberWithReason(number);
        if (possible != ValidationResult.IS_POSSIBLE) {
            throw new InvalidIdentityException("phone number", raw, describe(possible, number));
        }
        return new Identity(IdentityKind.phone, PHONES.format(number, PhoneNumberFormat.E164));
    }

    public Identity email(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentityException("email address", String.valueOf(raw), "it is empty");
        }
        String address = raw.strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new InvalidIdentityException("email address", raw, "it needs one local part, an @ and a domain");
        }
        String local = address.substring(0, at);
        if (!LOCAL_PART.matcher(local).matches()
                || local.startsWith(".")
                || local.endsWith(".")
                || local.contains("..")) {
            throw new InvalidIdentityException(
                    "email address", raw, "the part before the @ has characters an address cannot have");
        }
        String domain = asciiDomain(raw, address.substring(at + 1));
        return new Identity(IdentityKind.email, local + "@" + domain);
    }

    private static String asciiDomain(String raw, String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException("email address", raw, "the domain is not a valid host name");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2 || ascii.length() > 253) {
            throw new InvalidIdentityException(
                    "email address", raw, "the domain needs at least two labels, like example.com");
        }
        for (String label : labels) {
            if (!DOMAIN_LABEL.matcher(label).matches()) {
                throw new InvalidIdentityException("email address", raw, "the domain is not a valid host name");
            }
        }
        return ascii;
    }

    private static String describe(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "the country code is unknown";
            case NOT_A_NUMBER -> "it is not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "it is too short";
            case TOO_LONG -> "it is too long";
        };
    }

    private static String describe(ValidationResult result, PhoneNumber number) {
        return switch (result) {
            case INVALID_COUNTRY_CODE -> "the country code +" + number.getCountryCode() + " is unknown";
            case TOO_SHORT -> "it is too short for +" + number.getCountryCode();
            case TOO_LONG -> "it is too long for +" + number.getCountryCode();
            case IS_POSSIBLE_LOCAL_ONLY -> "it is a local number without an area code";
            default -> "its length does not fit any number in +" + number.getCountryCode();
        };
    }
}
