"""FirstMsg client, from the seed "Python学习笔记-gRPC": python firstmsg/client.py [--target HOST:PORT]"""

from polyrpc_interop import firstmsg, serving


def main():
    args = serving.client_arguments("FirstMsg client.", target="127.0.0.1:10080").parse_args()
    firstmsg.invoke_first_msg_service(args.target)


if __name__ == "__main__":
    main()
