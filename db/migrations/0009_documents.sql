CREATE TABLE "documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"summarising_item_id" integer NOT NULL,
	"title" text NOT NULL,
	"author" text NOT NULL,
	"written_on" date NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "documents_summarising_item_id_unique" UNIQUE("summarising_item_id")
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_summarising_item_id_summarising_items_id_fk" FOREIGN KEY ("summarising_item_id") REFERENCES "public"."summarising_items"("id") ON DELETE no action ON UPDATE no action;