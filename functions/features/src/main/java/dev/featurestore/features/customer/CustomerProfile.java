package dev.featurestore.features.customer;

import dev.featurestore.function.FeatureFunction;
import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.function.SourceRows;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Period;
import java.util.List;

/**
 * Profile features of a customer: age (on the reference date), gender, birth date, e-mail opt-in and the
 * great-circle distance in km from the customer's location to the org's home point ({@code params.home_lat},
 * {@code params.home_long}). The reference date is {@code params.reference_date} (ISO) when set, else today
 * in UTC.
 */
public final class CustomerProfile implements FeatureFunction {
    static final double EARTH_RADIUS_KM = 6371.0088;

    @Override
    public List<String> fields() {
        return List.of("age", "gender", "birth_date", "distance", "email_opt_in");
    }

    @Override
    public void compute(FunctionContext context) {
        double homeLat = context.params().getDouble("home_lat");
        double homeLong = context.params().getDouble("home_long");
        LocalDate today = context.params().get("reference_date")
                .map(d -> LocalDate.parse(d.toString()))
                .orElseGet(() -> LocalDate.now(ZoneOffset.UTC));
        PartialWriter out = context.partial();
        try (SourceRows rows = context.query("SELECT id, birth_date, gender, lat, long, email_opt_in FROM customers")) {
            while (rows.next()) {
                LocalDate born = rows.getDate("birth_date");
                Integer age = born == null ? null : age(born, today);
                Double distance = rows.isNull("lat") || rows.isNull("long") ? null
                        : haversineKm(rows.getDouble("lat"), rows.getDouble("long"), homeLat, homeLong);
                Boolean optIn = rows.isNull("email_opt_in") ? null : rows.getBoolean("email_opt_in");
                out.write(rows.getString("id"), age, rows.getString("gender"), born, distance, optIn);
            }
        }
    }

    /** Whole years from {@code born} to {@code on} (negative ages from bad data become null). */
    static Integer age(LocalDate born, LocalDate on) {
        int years = Period.between(born, on).getYears();
        return years < 0 ? null : years;
    }

    /** Great-circle distance between two points given in degrees, in km. */
    static double haversineKm(double lat1, double long1, double lat2, double long2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLong = Math.toRadians(long2 - long1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLong / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
