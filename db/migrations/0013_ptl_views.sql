CREATE TABLE "ptl_views" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ptl_views_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"owner_id" integer NOT NULL,
	"search" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ptl_views_name_check" CHECK (length("ptl_views"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "ptl_views" ADD CONSTRAINT "ptl_views_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ptl_views_owner_name" ON "ptl_views" USING btree ("owner_id","name");