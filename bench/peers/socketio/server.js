// Socket.IO 4 server: members join a room; a "fanout" message is emitted to every member of its room.
const { Server } = require("socket.io");

const port = Number(process.argv[2]);
const io = new Server(port, { transports: ["websocket"], serveClient: false, perMessageDeflate: false });
io.on("connection", (socket) => {
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack();
  });
  socket.on("fanout", (message, ack) => {
    io.to(message.room).emit("order:status_update", message.payload);
    ack();
  });
});
console.log(`listening ${port}`);
process.on("SIGTERM", () => io.close(() => process.exit(0)));
