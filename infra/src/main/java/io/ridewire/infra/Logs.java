package io.ridewire.infra;

import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.Arrays;
import java.util.Comparator;

/** Log retention from a number of days: the shortest CloudWatch retention that keeps at least that many. */
final class Logs {
    private Logs() {
    }

    static RetentionDays retention(int days) {
        return Arrays.stream(RetentionDays.values())
                .filter(value -> value != RetentionDays.INFINITE && days(value) >= days)
                .min(Comparator.comparingInt(Logs::days))
                .orElse(RetentionDays.TEN_YEARS);
    }

    private static int days(RetentionDays value) {
        return switch (value) {
            case ONE_DAY -> 1;
            case THREE_DAYS -> 3;
            case FIVE_DAYS -> 5;
            case ONE_WEEK -> 7;
            case TWO_WEEKS -> 14;
            case ONE_MONTH -> 30;
            case TWO_MONTHS -> 60;
            case THREE_MONTHS -> 90;
            case FOUR_MONTHS -> 120;
            case FIVE_MONTHS -> 150;
            case SIX_MONTHS -> 180;
            case ONE_YEAR -> 365;
            case THIRTEEN_MONTHS -> 400;
            case EIGHTEEN_MONTHS -> 545;
            case TWO_YEARS -> 731;
            case THREE_YEARS -> 1096;
            case FIVE_YEARS -> 1827;
            case SIX_YEARS -> 2192;
            case SEVEN_YEARS -> 2557;
            case EIGHT_YEARS -> 2922;
            case NINE_YEARS -> 3288;
            case TEN_YEARS -> 3653;
            default -> Integer.MAX_VALUE;
        };
    }
}
