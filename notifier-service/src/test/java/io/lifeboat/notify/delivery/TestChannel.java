package io.lifeboat.notify.delivery;

import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import java.util.function.Function;

/** A channel that answers with {@code deliver}: delivery tests record or fail what is sent with it. */
record TestChannel(String name, Function<Notification, DeliveryOutcome> deliver) implements NotificationChannel {

    @Override
    public DeliveryOutcome deliver(Notification notification) {
        return deliver.apply(notification);
    }
}
