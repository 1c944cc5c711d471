// node:diagnostics_channel: nothing subscribes inside the sandbox (router checks tracingChannel first).
exports.tracingChannel = undefined;
exports.channel = () => ({ hasSubscribers: false, publish() {}, subscribe() {}, unsubscribe() {} });
exports.hasSubscribers = () => false;
